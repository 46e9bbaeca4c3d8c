"""The accounting export's records: a journal line, one day's balanced journal (with its number and whether it
is a re-export), and a range of days. Plain data shared by services/day_close/accounting_export.py and the
writers in reports/accounting_journal.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class JournalLine:
    """One line: the practice's account, a debit or a credit (the other is zero), and what it is."""

    account: str
    debit: Decimal
    credit: Decimal
    memo: str


@dataclass(frozen=True)
class DayJournal:
    """One closed day's balanced journal; ``exported_before`` says when and by whom it was exported already."""

    day: date
    lines: tuple[JournalLine, ...]
    exported_before: tuple[str, ...] = ()

    @property
    def reexport(self) -> bool:
        return bool(self.exported_before)

    @property
    def number(self) -> str:
        """The journal number QuickBooks shows: FD-20261207, and FD-20261207-R2 for its second export."""
        base = f"FD-{self.day:%Y%m%d}"
        return f"{base}-R{len(self.exported_before) + 1}" if self.reexport else base

    @property
    def debits(self) -> Decimal:
        return sum((line.debit for line in self.lines), Decimal("0.00"))

    @property
    def credits(self) -> Decimal:
        return sum((line.credit for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class JournalPeriod:
    """The closed days of a range with money, and the days with money that are not closed (not exported)."""

    start: date
    end: date
    journals: tuple[DayJournal, ...]
    open_days: tuple[date, ...]

    @property
    def reexport(self) -> bool:
        return any(j.reexport for j in self.journals)
