"""What the end-of-day services take and return: day sheet, deposit, drawer count, checklist (frozen; Decimal money)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from frontdesk.domain.day_close_records import (  # noqa: F401  the records the writers read; public names of this area too
    CorrectionRow, DaySheet, DepositCandidate, DepositInfo, DrawerCount, DrawerExpectation, MoneyLine, ProcedureTotal,
)

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
