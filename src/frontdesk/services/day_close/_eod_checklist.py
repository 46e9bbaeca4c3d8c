"""The closing checklist's steps for one day, each "done" or saying what is missing (used by end_of_day)."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.names import patient_display_name, provider_display_name
from frontdesk.models import (
    Appointment,
    BackupRun,
    DayClose,
    DaySheetPrint,
    Encounter,
    InsurancePayment,
    Patient,
    Payment,
    Provider,
)
from frontdesk.services.day_close._day_sheet_queries import day_bounds_utc, latest_drawer_count
from frontdesk.services.day_close._deposit_queries import candidates, deposits_on
from frontdesk.domain.appointment_statuses import ARRIVED, CHECKED_OUT, IN_ROOM, OPEN_STATUSES, STATUS_LABELS
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.day_close.end_of_day_types import (
    STEP_BACKUP,
    STEP_DAY_SHEET,
    STEP_DEPOSIT,
    STEP_DRAWER,
    STEP_OPEN_APPOINTMENTS,
    STEP_TITLES,
    STEP_UNBILLED_VISITS,
    STEP_UNDEPOSITED,
    ChecklistStep,
    EndOfDayStatus,
    OpenAppointment,
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def open_appointments(session: Session, day: date) -> list[OpenAppointment]:
    """Visits of the day still needing an outcome: arrived/in room and not checked out, or past and untouched."""
    tz = schedule_settings(session).tz
    now = st.utc_now()
    # Visits that start on the day (one that ran past midnight from the day before is that day's business).
    start, end = day_bounds_utc(session, day)
    rows = session.execute(
        select(Appointment.id, Appointment.start_utc, Appointment.status, Patient.first_name, Patient.last_name,
               Provider.first_name, Provider.last_name, Provider.credential)
        .join(Patient, Patient.id == Appointment.patient_id).join(Provider, Provider.id == Appointment.provider_id)
        .where(Appointment.start_utc >= start, Appointment.start_utc < end,
               Appointment.status.in_((ARRIVED, IN_ROOM, *OPEN_STATUSES)))
        .order_by(Appointment.start_utc, Appointment.provider_id, Appointment.id))
    out = []
    for appt_id, start_utc, status, p_first, p_last, d_first, d_last, credential in rows:
        if status in (ARRIVED, IN_ROOM):
            problem = "Arrived, not checked out"
        elif start_utc <= now:
            problem = "No outcome recorded (check out, no-show or cancel)"
        else:
            continue
        out.append(OpenAppointment(appt_id, patient_display_name(p_first, p_last),
                                   provider_display_name(d_first, d_last, credential), start_utc.astimezone(tz),
                                   status, STATUS_LABELS.get(status, status), problem))
    return out


def unbilled_appointment_ids(session: Session, day: date) -> list[int]:
    """Checked-out visits of the day without an encounter (visits without charges)."""
    tz = schedule_settings(session).tz
    start, end = st.wall_to_utc(day, time(0), tz), st.wall_to_utc(day + timedelta(days=1), time(0), tz)
    return list(session.scalars(
        select(Appointment.id).outerjoin(Encounter, Encounter.appointment_id == Appointment.id)
        .where(Appointment.status == CHECKED_OUT, Encounter.id.is_(None), Appointment.start_utc >= start,
               Appointment.start_utc < end).order_by(Appointment.start_utc, Appointment.id)))


def verified_backup_id(session: Session, day: date) -> int | None:
    """The newest backup that verified on ``day`` or later (practice time zone), or None."""
    start, _ = day_bounds_utc(session, day)
    return session.scalar(select(BackupRun.id).where(BackupRun.ok.is_(True), BackupRun.finished_at >= start)
                          .order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(1))


def _money_for_bank(session: Session, day: date) -> bool:
    """True when cash or checks changed hands on the day (so a deposit is expected)."""
    start, end = day_bounds_utc(session, day)
    patient = session.scalar(select(Payment.id).where(Payment.received_on == day,
                                                      Payment.method.in_(("cash", "check"))).limit(1))
    payer = session.scalar(select(InsurancePayment.id).where(InsurancePayment.kind == "check",
                                                             InsurancePayment.total_cents > 0,
                                                             InsurancePayment.created_at >= start,
                                                             InsurancePayment.created_at < end).limit(1))
    return patient is not None or payer is not None


def _step(key: str, missing: str, required: bool = True) -> ChecklistStep:
    return ChecklistStep(key, STEP_TITLES[key], not missing, required, missing)


def status(session: Session, day: date) -> EndOfDayStatus:
    """Every step of the closing checklist for ``day``."""
    appts = open_appointments(session, day)
    unbilled = unbilled_appointment_ids(session, day)
    waiting = candidates(session, day)
    printed = session.scalar(select(DaySheetPrint.id).where(DaySheetPrint.day == day).limit(1)) is not None
    deposited = bool(deposits_on(session, day))
    drawer = latest_drawer_count(session, day)
    backup_id = verified_backup_id(session, day)
    close = session.scalar(select(DayClose).where(DayClose.day == day))
    steps = (
        _step(STEP_OPEN_APPOINTMENTS, f"{_plural(len(appts), 'appointment')} still open: check out, mark "
                                      "no-show or cancel." if appts else ""),
        _step(STEP_UNBILLED_VISITS, f"{_plural(len(unbilled), 'checked-out visit')} without charges: enter "
                                    "the charges." if unbilled else ""),
        _step(STEP_UNDEPOSITED, f"{_plural(len(waiting), 'payment')} of cash or check not on a deposit: make "
                                "the deposit." if waiting else ""),
        _step(STEP_DAY_SHEET, "" if printed else "The day sheet has not been printed."),
        _step(STEP_DEPOSIT, "" if deposited or not _money_for_bank(session, day)
              else "No deposit slip saved for this day."),
        _step(STEP_DRAWER, "" if drawer is not None else "The cash drawer has not been counted."),
        _step(STEP_BACKUP, "" if backup_id is not None else "No verified backup since the start of this day: "
                                                             "back up now."),
    )
    if close is not None:  # a closed day's checklist was complete when it closed; it stays so
        steps = tuple(ChecklistStep(s.key, s.title, True, s.required, "") for s in steps)
    return EndOfDayStatus(day, steps, tuple(appts), tuple(unbilled), tuple(waiting), close is not None,
                          close.closed_at if close else None,
                          bool(close.backup_verified) if close else backup_id is not None)
