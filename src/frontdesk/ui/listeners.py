"""UiContext's signals: heard only by listeners that are still there for the current sign-in.

A Qt signal connected to a lambda keeps calling it after the widget the lambda uses was deleted
(PySide only disconnects bound methods of a deleted object), and a closed dialog that was not
deleted keeps reloading on every save. A :class:`Broadcast` calls a listener only while its
receivers (see :func:`frontdesk.ui.receivers.receivers_of`) exist, are not retired, and their
window is open; listeners of deleted receivers are forgotten. A window the user closed and opens
again hears changes again; it reloads in its own showEvent if it must show what it missed.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

from PySide6.QtCore import QObject, Signal

from frontdesk.ui.receivers import DELETED, receivers_of, why_unreachable


class _Listener:
    """One connected slot. A Qt object's bound method is held weakly, as PySide holds it (a widget
    nobody keeps is not kept alive by listening); any other callable is held, with its receivers."""

    def __init__(self, slot: Callable[..., Any]) -> None:
        owner = getattr(slot, "__self__", None)
        self._weak = weakref.WeakMethod(slot) if isinstance(slot, MethodType) and isinstance(owner, QObject) else None
        self._slot = None if self._weak is not None else slot
        self._receivers = () if self._weak is not None else receivers_of(slot)

    def resolve(self) -> tuple[Callable[..., Any] | None, tuple[QObject, ...]]:
        """The slot and its receivers; (None, ()) once a weakly held slot's object is gone."""
        if self._weak is None:
            return self._slot, self._receivers
        slot = self._weak()
        return slot, (() if slot is None else (slot.__self__,))

    def is_for(self, slot: Callable[..., Any]) -> bool:
        current, _ = self.resolve()
        return current is not None and current == slot


class _Relay(QObject):
    """Carries an emitted value to the GUI thread (the thread it was made in)."""

    fired = Signal(object)


class Broadcast:
    """``connect`` / ``disconnect`` / ``emit`` like a Qt signal of one value; listeners run on the GUI thread.

    ``emit`` may be called from the database thread (a committed service call reporting its
    topics): the value is queued to the GUI thread, as a Qt signal would be. Make it on the GUI
    thread, with a ``parent`` that lives as long as its listeners may be called.
    """

    def __init__(self, name: str, parent: QObject) -> None:
        self.name = name
        self._listeners: list[_Listener] = []
        self._relay = _Relay(parent)
        self._relay.fired.connect(self._deliver)  # direct on the GUI thread, queued from the worker

    def connect(self, slot: Callable[..., Any]) -> None:
        """Call ``slot(value)`` on every emit while its receivers are alive, current and open."""
        self._listeners.append(_Listener(slot))

    def disconnect(self, slot: Callable[..., Any]) -> bool:
        """Stop calling ``slot``; False when it was not connected."""
        kept = [listener for listener in self._listeners if not listener.is_for(slot)]
        removed = len(kept) != len(self._listeners)
        self._listeners = kept
        return removed

    def listener_count(self) -> int:
        return len(self._listeners)

    def emit(self, value: object) -> None:
        self._relay.fired.emit(value)

    def _deliver(self, value: object) -> None:
        for listener in list(self._listeners):  # a listener may connect or disconnect others
            slot, receivers = listener.resolve()
            gone = DELETED if slot is None else why_unreachable(receivers, open_window=True)
            if gone == DELETED:
                self._listeners = [other for other in self._listeners if other is not listener]
            if gone or slot is None:
                continue
            try:
                slot(value)
            except Exception:  # as Qt does for a slot: report it (the app's hook shows it), call the rest
                sys.excepthook(*sys.exc_info())
