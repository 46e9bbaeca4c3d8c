"""The Desk pane: phone messages, tasks, referrals, letters and recalls."""

from frontdesk.ui.desk.pane import DeskPane

__all__ = ["DeskPane"]
