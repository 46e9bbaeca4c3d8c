"""Python's cyclic garbage collector runs on the GUI thread only, while the runner's threads exist.

Automatic collection runs on whichever thread happens to allocate. When it ran on the runner's worker thread
and freed a PySide object, PySide 6.11 deadlocked: the worker held Qt's connection mutex (in
``QObject::disconnect`` of the object being freed) and waited for the GIL, while the GUI thread held the GIL
and waited for that mutex (in ``QObject::connect`` of a widget being built). The window froze for good
(seen in a hung test, py-spy dump, 2026-12-07). This is the fix PyQt's own documentation gives for it:
automatic collection is switched off while a runner lives, and a GUI-thread timer collects instead, by the
same generation thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250

_running: set[int] = set()  # a token per collector alive (its parent may delete it without stop())
_tokens = iter(range(1, 1 << 62))


def _release(token: int) -> None:
    _running.discard(token)
    if not _running:
        gc.enable()


class MainThreadCollector(QObject):
    """Created on the GUI thread beside the worker threads; :meth:`stop` when they are gone."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        if not _running:
            gc.disable()
        token = self._token = next(_tokens)
        _running.add(token)
        # Deleted with its parent (a runner never shut down): automatic collection must not stay off.
        self.destroyed.connect(lambda *_args: _release(token))
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect an older generation when its count has passed its threshold (as automatic collection would),
        else the youngest whenever anything was allocated: the count is sampled here, after the allocations
        have come and gone, so waiting for the first threshold could leave young garbage for long."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
        if counts[0] > 0:
            gc.collect(0)

    def stop(self) -> None:
        """No worker thread left: automatic collection comes back once no collector is running."""
        self._timer.stop()
        _release(self._token)
