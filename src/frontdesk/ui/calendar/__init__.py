"""The Calendar pane: one day's schedule per provider (appointments arrive with the Calendar issue)."""

from frontdesk.ui.calendar.pane import CalendarPane

__all__ = ["CalendarPane"]
