"""The End of day screen: closing checklist, open visits, deposit, day sheet, drawer count, backup, close."""

from frontdesk.ui.end_of_day.dialog import EndOfDayDialog, EndOfDayOutcome
from frontdesk.ui.end_of_day.pane import EndOfDayPane

__all__ = ["EndOfDayDialog", "EndOfDayOutcome", "EndOfDayPane"]
