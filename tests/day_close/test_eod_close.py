"""The closing checklist and closing a day: refused listing what is missing; a closed day is locked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eod_lib import add_appointment, practice_day
from sqlalchemy import select

from frontdesk.errors import ConflictError, PermissionDenied
from frontdesk.models import AuditEvent, ClosedDayCorrection, DayClose, Payment
from frontdesk.services.scheduling import appointment_status
from frontdesk.services.admin import backups
from frontdesk.services.billing import encounters
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import payments


def _steps(status):  # type: ignore[no-untyped-def]
    return {s.key: (s.done, s.missing) for s in status.steps}


def test_checklist_names_what_is_missing_and_close_refuses(clinic, frontdesk_ctx, billing_ctx) -> None:
    day = practice_day(clinic.db, 1)
    p = clinic.patient()
    add_appointment(clinic, p, day, status="arrived")
    add_appointment(clinic, p, day, status="scheduled", hour=1)
    add_appointment(clinic, p, day, status="checked_out", hour=2)
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="20.00", received_on=day, apply_to=[])
    status = end_of_day.end_of_day_status(frontdesk_ctx, day)
    steps = _steps(status)
    assert [a.problem.split(" (")[0] for a in status.open_appointments] == [
        "Arrived, not checked out", "No outcome recorded"]
    assert steps["open_appointments"] == (False, "2 appointments still open: check out, mark no-show or cancel.")
    assert steps["unbilled_visits"][0] is False and "1 checked-out visit without" in steps["unbilled_visits"][1]
    assert steps["undeposited"][0] is False and steps["deposit"][0] is False
    assert steps["day_sheet"] == (False, "The day sheet has not been printed.")
    assert steps["drawer"][0] is False and steps["backup"][0] is False
    with pytest.raises(ConflictError) as err:
        end_of_day.close_day(frontdesk_ctx, day)
    for missing in ("2 appointments still open", "without charges", "not on a deposit", "day sheet",
                    "drawer", "back up now"):
        assert missing in str(err.value)
    with clinic.db.session(write=False) as s:
        assert s.scalars(select(DayClose)).all() == []


def test_walking_the_checklist_closes_the_day(clinic, frontdesk_ctx, billing_ctx, backup_dir, tmp_path) -> None:
    day = practice_day(clinic.db)
    p = clinic.patient()
    arrived = add_appointment(clinic, p, day, status="arrived")
    late = add_appointment(clinic, p, day, status="confirmed", hour=0, minute=5)
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="20.00", apply_to=[])
    appointment_status.check_out(frontdesk_ctx, arrived)
    appointment_status.mark_no_show(frontdesk_ctx, late)
    assert _steps(end_of_day.end_of_day_status(frontdesk_ctx, day))["open_appointments"] == (True, "")
    encounters.encounter_for_appointment(billing_ctx, arrived)  # charges entered (an encounter for the visit)
    end_of_day.write_day_sheet_pdf(frontdesk_ctx, day, tmp_path / "day.pdf")
    end_of_day.count_drawer(frontdesk_ctx, day, opening_float="100", counted_cash="120", counted_checks="0")
    end_of_day.save_deposit(frontdesk_ctx, [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)])
    backups.run_backup(frontdesk_ctx, backup_dir)
    ready = end_of_day.end_of_day_status(frontdesk_ctx, day)
    assert ready.ready and ready.missing == () and ready.backup_verified

    closed = end_of_day.close_day(frontdesk_ctx, day)

    assert closed.closed and closed.backup_verified
    with clinic.db.session(write=False) as s:
        row = s.scalars(select(DayClose)).one()
        assert (row.day, row.backup_verified, row.patient_money_cents) == (day, True, 2000)
        assert row.backup_run_id is not None
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action == "day.close")).one()
    with pytest.raises(ConflictError, match="already closed"):
        end_of_day.close_day(frontdesk_ctx, day)
    with pytest.raises(ConflictError, match="closed"):
        end_of_day.count_drawer(frontdesk_ctx, day, opening_float="1", counted_cash="1", counted_checks="0")


def _close(clinic, ctx, day) -> None:  # type: ignore[no-untyped-def]
    """Close ``day`` directly (the checklist is tested above; these tests are about the lock)."""
    with clinic.db.session(write=True) as s:
        s.add(DayClose(day=day, charges_cents=0, patient_money_cents=0, insurance_cents=0, adjustments_cents=0))


def test_a_closed_day_refuses_new_payments_unless_an_admin_corrects_it(clinic, frontdesk_ctx, admin_ctx) -> None:
    closed, today = practice_day(clinic.db, 2), practice_day(clinic.db)
    p = clinic.patient()
    _close(clinic, frontdesk_ctx, closed)
    with pytest.raises(ConflictError, match=f"{closed:%m/%d/%Y} is closed"):
        payments.take_payment(frontdesk_ctx, p, method="cash", amount="20.00", received_on=closed, apply_to=[])
    fixed = payments.take_payment(admin_ctx, p, method="cash", amount="20.00", received_on=closed, apply_to=[])
    assert fixed.received_on == today  # dated today: the closed day's figures never change
    with clinic.db.session(write=False) as s:
        corr = s.scalars(select(ClosedDayCorrection)).one()
        assert (corr.closed_day, corr.made_on, corr.entity_type, corr.entity_id) == (closed, today, "payment",
                                                                                    fixed.id)
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "day.correction")).startswith(
            f"closed day {closed.isoformat()}")
    sheet = end_of_day.day_sheet(frontdesk_ctx, today)
    assert [(c.closed_day, c.entity_id) for c in sheet.corrections] == [(closed, fixed.id)]


def test_reversing_a_closed_days_payment_needs_an_admin(clinic, frontdesk_ctx, billing_ctx, admin_ctx) -> None:
    closed = practice_day(clinic.db, 1)
    p = clinic.patient()
    paid = payments.take_payment(frontdesk_ctx, p, method="cash", amount="20.00", received_on=closed, apply_to=[])
    _close(clinic, frontdesk_ctx, closed)
    with pytest.raises(ConflictError, match="closed"):
        payments.reverse_payment(billing_ctx, paid.id, "Entered twice")
    reversal = payments.reverse_payment(admin_ctx, paid.id, "Entered twice")
    assert reversal.received_on == practice_day(clinic.db) and reversal.amount == Decimal("-20.00")
    with clinic.db.session(write=False) as s:
        assert s.get(Payment, paid.id).received_on == closed  # the closed day's row is untouched
        assert s.scalars(select(ClosedDayCorrection.entity_id)).all() == [reversal.id]


def test_charges_of_a_closed_day_are_locked(clinic, billing_ctx, admin_ctx) -> None:
    closed = practice_day(clinic.db, 1)
    p = clinic.patient()
    first = clinic.visit(p, (12500,), on=closed, claims=(), status="open")
    second = clinic.visit(p, (4000,), on=closed, claims=(), status="open")
    _close(clinic, billing_ctx, closed)
    with pytest.raises(ConflictError, match="closed"):
        encounters.void_encounter(billing_ctx, first.encounter_id, "Entered in error")
    encounters.void_encounter(admin_ctx, second.encounter_id, "Entered in error")
    with clinic.db.session(write=False) as s:
        assert s.scalars(select(ClosedDayCorrection.entity_id)).all() == [second.encounter_id]


def test_signed_out_users_cannot_close_or_see_the_checklist(clinic, anon_ctx) -> None:
    with pytest.raises(PermissionDenied):
        end_of_day.close_day(anon_ctx)
    with pytest.raises(PermissionDenied):
        end_of_day.end_of_day_status(anon_ctx)


def test_a_quiet_day_needs_no_deposit(clinic, frontdesk_ctx, backup_dir, tmp_path) -> None:
    day = practice_day(clinic.db)
    end_of_day.write_day_sheet_pdf(frontdesk_ctx, day, tmp_path / "day.pdf")
    end_of_day.count_drawer(frontdesk_ctx, day, opening_float="100", counted_cash="100", counted_checks="0")
    backups.run_backup(frontdesk_ctx, backup_dir)
    steps = _steps(end_of_day.end_of_day_status(frontdesk_ctx, day))
    assert steps["deposit"] == (True, "") and steps["undeposited"] == (True, "")
    assert end_of_day.close_day(frontdesk_ctx, day).closed


def test_insurance_money_after_today_is_closed_is_an_admin_correction(clinic, billing_ctx, admin_ctx) -> None:
    from frontdesk.services.payments import insurance_payments

    today = practice_day(clinic.db)
    _close(clinic, billing_ctx, today)
    with pytest.raises(ConflictError, match="closed"):
        insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="55",
                                                   paid_on=today, total="10.00")
    ip = insurance_payments.enter_insurance_payment(admin_ctx, clinic.payer_id, kind="check", number="55",
                                                    paid_on=today, total="10.00")
    with clinic.db.session(write=False) as s:
        assert s.scalars(select(ClosedDayCorrection.entity_type)).all() == ["insurance_payment"]
        assert s.scalars(select(ClosedDayCorrection.entity_id)).all() == [ip.id]
