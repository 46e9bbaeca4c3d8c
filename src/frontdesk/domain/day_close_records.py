"""The day sheet and the deposit slip as plain values: the end-of-day services build them, the writers
(reports/day_sheet.py, reports/deposit_slip.py) only read them (frozen; money as Decimal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ProcedureTotal:
    """Charges of one procedure code by one provider on the day sheet."""

    provider_id: int
    provider_name: str
    code: str
    description: str
    count: int  # service lines
    units: int
    amount: Decimal


@dataclass(frozen=True)
class MoneyLine:
    """A group of money entries on the day sheet (e.g. 'Cash payments', 3 entries, $120.00)."""

    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class DrawerCount:
    """The cash drawer count of a day (the newest one)."""

    day: date
    opening_float: Decimal
    counted_cash: Decimal
    counted_checks: Decimal
    expected_cash: Decimal  # float + the day's cash entries
    expected_checks: Decimal
    difference: Decimal  # counted - expected, cash and checks together; < 0 = short
    note: str
    counted_at: datetime
    counted_by: str

    @property
    def cash_difference(self) -> Decimal:
        return self.counted_cash - self.expected_cash

    @property
    def checks_difference(self) -> Decimal:
        return self.counted_checks - self.expected_checks


@dataclass(frozen=True)
class DrawerExpectation:
    """What the system expects in the drawer for a day, before counting (float not included)."""

    day: date
    cash: Decimal  # cash entries of the day: payments - refunds - reversals paid in cash
    checks: Decimal  # patient checks and payer checks received that day


@dataclass(frozen=True)
class CorrectionRow:
    """A change made after a day was closed (listed on the day sheet of the day it was made)."""

    closed_day: date
    entity_type: str
    entity_id: int
    detail: str
    made_by: str


@dataclass(frozen=True)
class DaySheet:
    day: date
    practice_name: str
    procedures: tuple[ProcedureTotal, ...]
    charges_total: Decimal
    visit_count: int  # encounters with charges dated that day
    payments: tuple[MoneyLine, ...]  # patient payments by method, then insurance
    payments_total: Decimal
    adjustments: tuple[MoneyLine, ...]  # write-offs posted that day, by group
    adjustments_total: Decimal
    reversals: tuple[MoneyLine, ...]  # refunds and reversals (negative amounts)
    reversals_total: Decimal
    net_receipts: Decimal  # payments + reversals (refunds and reversals are negative)
    drawer: DrawerCount | None
    expected: DrawerExpectation
    corrections: tuple[CorrectionRow, ...]
    closed: bool
    printed_at: datetime
    # The audit chain's head when the sheet was made, to compare on paper with `frontdesk check`'s line.
    audit_events: int = 0
    audit_checksum: str = ""  # "A1B2-C3D4": storage/anchor.checksum of the last event's hash

    @property
    def audit_line(self) -> str:
        """'Audit: 12,345 events · A1B2-C3D4' (the footer of the printed sheet)."""
        return f"Audit: {self.audit_events:,} events \u00b7 {self.audit_checksum}" if self.audit_checksum else ""


@dataclass(frozen=True)
class DepositCandidate:
    """Money waiting to go to the bank: a patient cash/check entry or a payer's check."""

    key: str  # "p:<payment id>" or "i:<insurance payment id>"
    received_on: date
    method: str  # cash, check
    check_number: str
    payer: str  # patient name ("Last, First") or the insurer's name
    amount: Decimal


@dataclass(frozen=True)
class DepositInfo:
    id: int
    deposit_date: date
    checks: tuple[DepositCandidate, ...]
    cash_items: tuple[DepositCandidate, ...]
    cash_total: Decimal
    check_total: Decimal
    total: Decimal
    note: str
    practice_name: str
    created_at: datetime
    created_by: str
