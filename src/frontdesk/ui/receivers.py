"""Who a callback belongs to, and whether that receiver may still hear from the database thread.

A late answer or a "data changed" notice must not reach a widget that is gone: one deleted (a
dialog closed and freed), one *retired* (a pane thrown away when another user signed in, until Qt
deletes it) or, for change notices, one whose window the user closed. The runner and UiContext's
signals find a callback's receivers with :func:`receivers_of` and ask :func:`why_unreachable`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from types import BuiltinMethodType, FunctionType, MethodType, ModuleType
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

_RETIRED = "frontdesk_retired"
_CONCEALED = "frontdesk_concealed"
_MAX_DEPTH = 4  # guarded(lambda: helper.method) is three deep; the seen set cuts cycles

DELETED, RETIRED, CLOSED = "deleted", "retired", "closed"


def receivers_of(callback: object) -> tuple[QObject, ...]:
    """The Qt objects a callback would touch: they must all still exist for it to run.

    Found without running it: a bound method's ``__self__``; a ``functools.partial``'s function
    and arguments; a lambda's or nested function's closure cells and default arguments, looking
    through the callables found there; for a plain helper object met on the way (an actions
    helper, a presenter), the Qt objects among its attributes (e.g. its ``owner`` widget). A
    callback that touches no Qt object has no receiver and is always called.
    """
    found: list[QObject] = []
    seen: set[int] = set()

    def add(obj: QObject) -> None:
        if all(obj is not other for other in found):
            found.append(obj)

    def walk(obj: object, depth: int) -> None:
        if obj is None or depth > _MAX_DEPTH or id(obj) in seen or isinstance(obj, (ModuleType, type)):
            return
        seen.add(id(obj))
        if isinstance(obj, QObject):
            add(obj)
        elif isinstance(obj, functools.partial):
            for value in (obj.func, *obj.args, *obj.keywords.values()):
                walk(value, depth + 1)
        elif isinstance(obj, (MethodType, BuiltinMethodType)):
            walk(obj.__self__, depth + 1)
        elif isinstance(obj, FunctionType):
            defaults = (*(obj.__defaults__ or ()), *(obj.__kwdefaults__ or {}).values())
            for value in (*_cell_values(obj.__closure__ or ()), *defaults):
                walk(value, depth + 1)
        else:
            attributes = getattr(obj, "__dict__", None)
            if isinstance(attributes, dict):
                for value in attributes.values():
                    if isinstance(value, QObject):
                        add(value)

    walk(callback, 0)
    return tuple(found)


def _cell_values(cells: Iterable[Any]) -> list[object]:
    values: list[object] = []
    for cell in cells:
        try:
            values.append(cell.cell_contents)
        except ValueError:  # an empty cell (a name assigned later in the enclosing function)
            continue
    return values


def retire(widget: QObject) -> None:
    """``widget`` and everything inside it belong to a sign-in that has ended (it is about to be deleted).

    It no longer hears UiContext's signals (a pane thrown away on a user switch must not reload,
    and audit views, as the next user when it hears ``actor_changed``), and its calls are neither
    run nor answered.
    """
    widget.setProperty(_RETIRED, True)


def set_concealed(window: QWidget, concealed: bool) -> None:
    """The lock screen hid ``window`` (it was not closed): it keeps listening while hidden."""
    window.setProperty(_CONCEALED, concealed or None)


def is_closed_window(window: QWidget) -> bool:
    """A dialog or main window shown once and then closed (not merely never shown yet, nor locked away).

    Only real windows count: a widget that is its own top level (a status-bar badge in a test)
    may hide itself and show again when there is something to say.
    """
    return (isinstance(window, (QDialog, QMainWindow)) and window.isHidden()
            and window.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
            and not window.property(_CONCEALED))


def why_unreachable(receivers: Iterable[QObject], *, open_window: bool = False) -> str:
    """'' when every receiver may be called, else DELETED, RETIRED or (with ``open_window``) CLOSED."""
    for receiver in receivers:
        if not shiboken6.isValid(receiver):
            return DELETED
        widget: QWidget | None = None
        node: QObject | None = receiver
        while node is not None:
            if node.property(_RETIRED):
                return RETIRED
            if widget is None and isinstance(node, QWidget):
                widget = node
            node = node.parent()
        if open_window and widget is not None and is_closed_window(widget.window()):
            return CLOSED
    return ""
