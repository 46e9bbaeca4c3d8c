"""The front desk blocks out a provider's time (the doctor is out sick) when the practice allows it: the
setting (admin only, audited), the checks, the audit rows and the visits still booked in the blocked time."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import MONDAY, Clinic, local
from sqlalchemy import select

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services.scheduling import appointment_status, appointments, desk_blockouts, schedule_setup
from frontdesk.services.scheduling.appointments import BookingRequest, ScheduleConflict
from frontdesk.services.scheduling.desk_blockouts import MAX_DESK_DAYS, NOT_ALLOWED, DeskBlockoutInput

pytestmark = pytest.mark.both_engines
TUESDAY = MONDAY + timedelta(days=1)


def _audit(clinic: Clinic, action: str) -> list[str]:
    with clinic.admin.db.session(write=False) as session:
        return list(session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)))


def _book(clinic: Clinic, patient: int, day: date, hour: int, minute: int = 0):  # type: ignore[no-untyped-def]
    return appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[patient], clinic.dr_a, clinic.visit,
                                                                     local(day, hour, minute)))


def test_off_by_default_and_only_an_administrator_turns_it_on(clinic: Clinic) -> None:
    assert desk_blockouts.desk_blockouts_allowed(clinic.desk) is False
    sick = DeskBlockoutInput(clinic.dr_a, MONDAY, MONDAY, reason="Out sick")
    with pytest.raises(PermissionDenied) as refused:
        desk_blockouts.add_desk_blockout(clinic.desk, sick)
    assert str(refused.value) == NOT_ALLOWED
    with pytest.raises(PermissionDenied):
        desk_blockouts.set_desk_blockouts(clinic.desk, True)  # the desk cannot allow itself
    assert desk_blockouts.set_desk_blockouts(clinic.admin, True) is True
    assert desk_blockouts.desk_blockouts_allowed(clinic.desk) is True
    desk_blockouts.set_desk_blockouts(clinic.admin, False)
    assert _audit(clinic, "schedule.desk_blockouts") == ["off -> on", "on -> off"]
    with pytest.raises(ValidationError) as err:
        desk_blockouts.set_desk_blockouts(clinic.admin, "yes")  # type: ignore[arg-type]
    assert err.value.field == "desk_blockouts"


def test_a_whole_day_out_is_saved_audited_and_names_who_is_still_booked(clinic: Clinic) -> None:
    desk_blockouts.set_desk_blockouts(clinic.admin, True)
    ann = _book(clinic, 0, TUESDAY, 9)
    bob = _book(clinic, 1, TUESDAY + timedelta(days=1), 14)
    cy = _book(clinic, 2, TUESDAY, 10)
    appointment_status.cancel_appointment(clinic.desk, cy.id, "moving away")  # cancelled: not listed
    other = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[2], clinic.dr_b, clinic.visit,
                                                                      local(TUESDAY, 11)))
    sick = DeskBlockoutInput(clinic.dr_a, TUESDAY, TUESDAY + timedelta(days=1), reason="Out sick")
    assert [a.id for a in desk_blockouts.booked_in_blockout(clinic.desk, sick)] == [ann.id, bob.id]
    result = desk_blockouts.add_desk_blockout(clinic.desk, sick)
    assert [(b.on_date, b.start, b.end, b.kind, b.reason, b.provider_id) for b in result.blockouts] == [
        (TUESDAY, time(0), time(23, 59), "other", "Out sick", clinic.dr_a),
        (TUESDAY + timedelta(days=1), time(0), time(23, 59), "other", "Out sick", clinic.dr_a)]
    assert [a.id for a in result.still_booked] == [ann.id, bob.id]  # Dr B's visit is not Dr A's
    # Nothing was moved or cancelled behind the desk's back.
    assert [appointments.get_appointment(clinic.desk, i).status for i in (ann.id, bob.id, other.id)] == \
        ["scheduled"] * 3
    assert _audit(clinic, "schedule.blockout_add")[-2:] == ["other once; from the calendar; 1 still booked"] * 2
    with pytest.raises(ScheduleConflict):  # the blocked time cannot be booked any more
        _book(clinic, 2, TUESDAY, 15)


def test_part_of_today_and_the_checks_by_field(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    desk_blockouts.set_desk_blockouts(clinic.admin, True)
    ann = _book(clinic, 0, MONDAY, 14)
    _book(clinic, 1, MONDAY, 16)
    afternoon = DeskBlockoutInput(clinic.dr_a, MONDAY, MONDAY, time(13), time(15, 30), "Dentist")
    result = desk_blockouts.add_desk_blockout(clinic.desk, afternoon)
    assert [a.id for a in result.still_booked] == [ann.id]
    assert len(schedule_setup.list_blockouts(clinic.desk, clinic.dr_a)) == 5 + 1  # the lunches and this one

    def field(**changes: object) -> str:
        data = DeskBlockoutInput(**{**afternoon.__dict__, **changes})  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as err:
            desk_blockouts.add_desk_blockout(clinic.desk, data)
        return err.value.field

    assert field(first_day=MONDAY - timedelta(days=1)) == "first_day"  # yesterday
    assert field(last_day=MONDAY - timedelta(days=1), first_day=MONDAY) == "last_day"
    assert field(last_day=MONDAY + timedelta(days=MAX_DESK_DAYS)) == "last_day"  # longer: Admin's exceptions
    assert field(end=None) == "end"
    assert field(start=time(15), end=time(14)) == "end"
    assert field(reason="  ") == "reason"


def test_an_administrator_may_even_when_the_desk_may_not(clinic: Clinic) -> None:
    result = desk_blockouts.add_desk_blockout(clinic.admin, DeskBlockoutInput(clinic.dr_b, MONDAY, MONDAY,
                                                                              time(9), time(10), "Meeting"))
    assert len(result.blockouts) == 1 and result.still_booked == ()
