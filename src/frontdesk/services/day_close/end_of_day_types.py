"""What the end-of-day services take and return: day sheet, deposit, drawer count, checklist (frozen; Decimal money)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# Checklist step keys, in the order the screen walks through them.
STEP_OPEN_APPOINTMENTS = "open_appointments"
STEP_UNBILLED_VISITS = "unbilled_visits"
STEP_UNDEPOSITED = "undeposited"
STEP_DAY_SHEET = "day_sheet"
STEP_DEPOSIT = "deposit"
STEP_DRAWER = "drawer"
STEP_BACKUP = "backup"
STEP_ORDER = (STEP_OPEN_APPOINTMENTS, STEP_UNBILLED_VISITS, STEP_UNDEPOSITED, STEP_DAY_SHEET, STEP_DEPOSIT,
              STEP_DRAWER, STEP_BACKUP)
STEP_TITLES = {
    STEP_OPEN_APPOINTMENTS: "Appointments still open",
    STEP_UNBILLED_VISITS: "Visits without charges",
    STEP_UNDEPOSITED: "Payments not on a deposit",
    STEP_DAY_SHEET: "Day sheet printed",
    STEP_DEPOSIT: "Deposit slip saved",
    STEP_DRAWER: "Cash drawer counted",
    STEP_BACKUP: "Backup verified today",
}


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


@dataclass(frozen=True)
class OpenAppointment:
    """A visit of the day that still needs an outcome."""

    id: int
    patient_name: str
    provider_name: str
    start: datetime  # practice time zone
    status: str
    status_label: str
    problem: str  # "Arrived, not checked out" / "No outcome recorded"


@dataclass(frozen=True)
class ChecklistStep:
    key: str
    title: str
    done: bool
    required: bool
    missing: str  # what is missing, in words ("" when done)


@dataclass(frozen=True)
class EndOfDayStatus:
    day: date
    steps: tuple[ChecklistStep, ...]
    open_appointments: tuple[OpenAppointment, ...]
    unbilled_appointment_ids: tuple[int, ...]
    undeposited: tuple[DepositCandidate, ...]
    closed: bool
    closed_at: datetime | None
    backup_verified: bool

    @property
    def missing(self) -> tuple[ChecklistStep, ...]:
        """Required steps not done yet."""
        return tuple(s for s in self.steps if s.required and not s.done)

    @property
    def ready(self) -> bool:
        return not self.missing
