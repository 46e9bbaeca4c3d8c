"""The main window (navigation, panes, menus, status bar, lock) and its pane registry."""

from frontdesk.ui.main_window.panes import PANES, PaneHost, PaneSpec
from frontdesk.ui.main_window.window import LOCKED_TITLE, MainWindow

__all__ = ["LOCKED_TITLE", "MainWindow", "PANES", "PaneHost", "PaneSpec"]
