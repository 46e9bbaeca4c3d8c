"""A copay taken at check-in belongs to that visit: refused for a later day's visit before anything is done,
applied to the visit's own charges, and, while the visit has none, applied as soon as they are entered."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "billing" / "claims"))  # the billing clinic builder

from bc_testlib import NOW, TODAY, BillingClinic, build_billing_clinic, header, line
from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Appointment, AppointmentType, AuditEvent, Payment
from frontdesk.services.scheduling import appointment_status
from frontdesk.services.billing import encounters
from frontdesk.services.payments import payments
from frontdesk.services.payments import ledger as ledger_service


@pytest.fixture
def clinic(practice, admin_ctx, frontdesk_ctx, monkeypatch: pytest.MonkeyPatch) -> BillingClinic:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(st, "utc_now", lambda: NOW)
    return build_billing_clinic(practice, admin_ctx, frontdesk_ctx)


def _appointment(practice, patient_id: int, provider_id: int, start: datetime) -> int:  # type: ignore[no-untyped-def]
    with practice.db.session(write=True) as s:
        kind = s.scalar(select(AppointmentType).limit(1))
        if kind is None:
            kind = AppointmentType(name="Follow-up", default_minutes=15, colour="#3366AA")
            s.add(kind)
            s.flush()
        appt = Appointment(patient_id=patient_id, provider_id=provider_id, type_id=kind.id, start_utc=start,
                           end_utc=start + timedelta(minutes=15), length_minutes=15)
        s.add(appt)
        s.flush()
        return appt.id


def _older_open_charge(clinic: BillingClinic) -> int:
    """Another visit's $125.00 still owed: a check-in copay must never wander onto it."""
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                      header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    return encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="A")).lines[0].id


def test_a_later_days_visit_is_refused_before_the_checklist_and_takes_no_copay(clinic: BillingClinic, practice) -> None:
    tomorrow = _appointment(practice, clinic.patient_id, clinic.provider_id, NOW + timedelta(days=1))
    with pytest.raises(ConflictError) as refused:
        appointment_status.check_in_readiness(clinic.desk, tomorrow)
    assert "11/21/2026" in refused.value.message and "day of the visit" in refused.value.message
    with pytest.raises(ConflictError):
        payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="25", appointment_id=tomorrow)
    with pytest.raises(ConflictError):  # the final step says the same
        appointment_status.check_in(clinic.desk, tomorrow)
    with practice.db.session(write=False) as s:
        assert s.scalar(select(Payment.id)) is None
    today = _appointment(practice, clinic.patient_id, clinic.provider_id, NOW)
    assert appointment_status.check_in_readiness(clinic.desk, today).id == today


def _receipt_text(clinic: BillingClinic, payment_id: int, out: Path) -> str:
    import pdfplumber

    payments.write_receipt_pdf(clinic.desk, payment_id, out)
    with pdfplumber.open(out) as pdf:
        return " ".join((pdf.pages[0].extract_text() or "").split())


def test_copay_waits_for_the_visits_charges_then_is_applied_to_them(clinic: BillingClinic, practice,
                                                                     tmp_path: Path) -> None:
    older = _older_open_charge(clinic)
    appt = _appointment(practice, clinic.patient_id, clinic.provider_id, NOW)
    paid = payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="25", appointment_id=appt)
    assert paid.applications == () and paid.unapplied == Decimal("25.00")  # not the older visit's charge
    receipt = payments.receipt_data(clinic.desk, paid.id)
    assert receipt.visit_date == TODAY and receipt.awaiting_visit_charges == Decimal("25.00")
    text = _receipt_text(clinic, paid.id, tmp_path / "waiting.pdf")
    assert "Copay for the visit of 11/20/2026" in text and "will be applied when the visit is charged" in text
    assert "credit" not in text.lower()

    enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                      header(service_date=TODAY, rendering_provider_id=clinic.provider_id),
                                      appointment_id=appt)
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    detail = encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="A"))
    visit_line = detail.lines[0].id
    after = payments.get_payment(clinic.desk, paid.id)
    assert [(a.service_line_id, a.amount) for a in after.applications] == [(visit_line, Decimal("25.00"))]
    assert after.unapplied == Decimal("0.00")
    receipt = payments.receipt_data(clinic.desk, paid.id)
    assert receipt.awaiting_visit_charges == Decimal("0.00") and receipt.applied[0].code == "99213"
    text = _receipt_text(clinic, paid.id, tmp_path / "applied.pdf")
    assert "11/20/2026 99213" in text and "will be applied" not in text and "credit" not in text.lower()
    ledger = ledger_service.ledger(clinic.biller, patient_id=clinic.patient_id)
    entries = {e.service_line_id: e for e in ledger.entries if e.kind == "charge"}
    assert entries[visit_line].patient_portion == Decimal("100.00")  # 125.00 less the copay
    assert entries[older].patient_portion == Decimal("125.00")
    assert [e.description for e in ledger.entries if e.kind == "payment"] == ["Copay at check-in, cash"]
    with practice.db.session(write=False) as s:
        details = list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "payment.apply_visit")))
    assert details == [f"applied $25.00 to the charges of encounter {enc.id}"]
    # A second line applies nothing more: the copay is used up.
    encounters.add_service_line(clinic.biller, enc.id, line("90471", pointers="A"))
    assert payments.get_payment(clinic.desk, paid.id).applications == after.applications


def test_copay_for_a_visit_already_charged_goes_to_its_charges(clinic: BillingClinic, practice) -> None:
    _older_open_charge(clinic)
    appt = _appointment(practice, clinic.patient_id, clinic.provider_id, NOW)
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                      header(service_date=TODAY, rendering_provider_id=clinic.provider_id),
                                      appointment_id=appt)
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    visit_line = encounters.add_service_line(clinic.biller, enc.id, line("90471", pointers="A")).lines[0].id
    paid = payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="30", appointment_id=appt)
    # $25.00 pays the visit's only charge; the $5.00 beyond it stays as credit (not the older visit's).
    assert [(a.service_line_id, a.amount) for a in paid.applications] == [(visit_line, Decimal("25.00"))]
    assert paid.unapplied == Decimal("5.00")
    assert payments.receipt_data(clinic.desk, paid.id).awaiting_visit_charges == Decimal("0.00")
    with pytest.raises(ValidationError) as err:  # a check-in copay is the visit's, never "oldest first" or credit
        payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="5", appointment_id=appt,
                              apply_to=[])
    assert err.value.field == "apply_to"


def test_a_reversed_copay_is_not_applied_when_the_visit_is_charged(clinic: BillingClinic, practice) -> None:
    appt = _appointment(practice, clinic.patient_id, clinic.provider_id, NOW)
    paid = payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="25", appointment_id=appt)
    payments.reverse_payment(clinic.biller, paid.id, "taken twice by mistake")
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                      header(service_date=TODAY, rendering_provider_id=clinic.provider_id),
                                      appointment_id=appt)
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="A"))
    assert payments.get_payment(clinic.desk, paid.id).applications == ()
