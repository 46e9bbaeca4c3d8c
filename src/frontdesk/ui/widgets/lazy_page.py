"""Pages that load when shown: a hidden tab notes that its data changed and reloads when it is next on screen,
so a busy desk does not re-query reports behind a closed pane. One helper for the report view and the aging and
statements pages (they each carried the same refresh / showEvent / changed-topics code)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent

from frontdesk.ui.context import UiContext


class ReloadWhenShown:
    """Mixin, listed before QWidget: ``refresh()`` reloads now when the page is on screen, else when it is next
    shown; ``watch_changes`` refreshes on the data changes of some topics and when the user changes. The page
    defines ``reload()``, which starts with ``self._stale = False``."""

    _stale = True  # loaded when first shown
    _refresh_topics: frozenset[str] = frozenset()

    def watch_changes(self, uictx: UiContext, topics: frozenset[str]) -> None:
        self._refresh_topics = topics
        uictx.changed.connect(self._on_topics_changed)  # bound slots: disconnected when the page goes
        uictx.actor_changed.connect(self._on_actor_changed)

    def _on_topics_changed(self, topics: frozenset[str]) -> None:
        if topics & self._refresh_topics:
            self.refresh()

    def _on_actor_changed(self, _actor: object) -> None:
        self.refresh()

    def reload(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload now if the page is on screen, else when it is next shown (a hidden tab costs no queries)."""
        self._stale = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self.reload()
