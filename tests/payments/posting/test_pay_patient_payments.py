"""Patient payments: methods, card safety, applying oldest first / chosen / as credit, reversals, refunds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pay_lib import Clinic, days_ago
from sqlalchemy import select, text

from frontdesk.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    StorageError,
    ValidationError,
)
from frontdesk.models import AuditEvent, Encounter, Payment, PaymentApplication
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import payments
from frontdesk.services.session import ServiceContext
from testsupport import practice_today


def _balance(ctx: ServiceContext, patient_id: int) -> Decimal:
    return ledger_service.ledger(ctx, patient_id=patient_id).balance


def test_cash_payment_applies_oldest_first_and_keeps_the_rest_as_credit(frontdesk_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    old = clinic.visit(pid, (3000,), on=days_ago(90), claims=())  # relative: this file runs on the real clock
    new = clinic.visit(pid, (5000,), on=days_ago(60), claims=())
    info = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="$100.00")
    assert info.amount == Decimal("100.00") and info.kind == "payment"
    assert [(a.service_line_id, a.amount) for a in info.applications] == [
        (old.line_ids[0], Decimal("30.00")), (new.line_ids[0], Decimal("50.00"))]
    assert info.unapplied == Decimal("20.00")
    assert _balance(frontdesk_ctx, pid) == Decimal("-20.00")
    assert payments.patient_credit(frontdesk_ctx, pid) == Decimal("20.00")


def test_payment_to_chosen_charges_and_larger_than_them_is_refused(frontdesk_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    visit = clinic.visit(pid, (3000, 2000), claims=())
    info = payments.take_payment(frontdesk_ctx, pid, method="check", check_number="1042", amount="20",
                                 apply_to=[visit.line_ids[1]])
    assert [a.service_line_id for a in info.applications] == [visit.line_ids[1]]
    with pytest.raises(ValidationError) as err:
        payments.take_payment(frontdesk_ctx, pid, method="cash", amount="31.00", apply_to=[visit.line_ids[0]])
    assert err.value.field == "amount" and "$30.00" in err.value.message
    with pytest.raises(ValidationError) as err:
        payments.take_payment(frontdesk_ctx, pid, method="cash", amount="5", apply_to=[visit.line_ids[1]])
    assert err.value.field == "apply_to"  # nothing left to pay on that charge
    other = clinic.visit(clinic.patient("Roe"), (1000,), claims=())
    with pytest.raises(ValidationError) as err:
        payments.take_payment(frontdesk_ctx, pid, method="cash", amount="5", apply_to=[other.line_ids[0]])
    assert err.value.field == "apply_to"


def test_prepayment_as_credit_then_applied_later(frontdesk_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    info = payments.take_payment(frontdesk_ctx, pid, method="card", card_last4="4242", card_auth_code="a1b2c3",
                                 amount="25", apply_to=[])
    assert info.applications == () and info.unapplied == Decimal("25.00") and info.card_auth_code == "A1B2C3"
    assert info.method_text == "Card ending 4242"
    visit = clinic.visit(pid, (4000,), claims=())
    applied = payments.apply_credit(frontdesk_ctx, info.id, None)
    assert applied.unapplied == Decimal("0.00")
    assert [(a.service_line_id, a.amount) for a in applied.applications] == [(visit.line_ids[0], Decimal("25.00"))]
    with pytest.raises(ConflictError):
        payments.apply_credit(frontdesk_ctx, info.id, None)
    assert _balance(frontdesk_ctx, pid) == Decimal("15.00")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"method": "cash", "amount": "0"}, "amount"),
    ({"method": "cash", "amount": "-5"}, "amount"),
    ({"method": "cash", "amount": "10.005"}, "amount"),
    ({"method": "cash", "amount": "ten"}, "amount"),
    ({"method": "bitcoin", "amount": "10"}, "method"),
    ({"method": "check", "amount": "10"}, "check_number"),
    ({"method": "card", "amount": "10", "card_last4": "424", "card_auth_code": "X1"}, "card_last4"),
    ({"method": "card", "amount": "10", "card_last4": "4242"}, "card_auth_code"),
    ({"method": "card", "amount": "10", "card_last4": "4111111111111111", "card_auth_code": "X1"}, "card_last4"),
    ({"method": "card", "amount": "10", "card_last4": "4242", "card_auth_code": "4111 1111 1111 1111"}, "card_auth_code"),
    ({"method": "cash", "amount": "10", "note": "card 4111-1111-1111-1111 exp 12/29"}, "note"),
    ({"method": "check", "amount": "10", "check_number": "4111111111111111"}, "check_number"),
    ({"method": "cash", "amount": "10", "card_last4": "4242"}, "card_last4"),
    ({"method": "cash", "amount": "10", "received_on": practice_today() + timedelta(days=3)}, "received_on"),
    ({"method": "cash", "amount": "10", "appointment_id": 999}, "appointment_id"),
])
def test_bad_input_names_the_field_and_posts_nothing(frontdesk_ctx, clinic: Clinic, db, kwargs, field) -> None:
    pid = clinic.patient()
    with pytest.raises(ValidationError) as err:
        payments.take_payment(frontdesk_ctx, pid, **kwargs)
    assert err.value.field == field
    with db.session(write=False) as s:
        assert s.scalar(select(Payment.id)) is None
        assert "4111" not in " ".join(s.scalars(select(AuditEvent.detail)))


def test_unknown_patient(frontdesk_ctx) -> None:
    with pytest.raises(NotFoundError):
        payments.take_payment(frontdesk_ctx, 9999, method="cash", amount="10")


def test_reversal_undoes_the_payment_and_both_stay(frontdesk_ctx, billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    clinic.visit(pid, (5000,), claims=())
    paid = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    assert _balance(frontdesk_ctx, pid) == Decimal("20.00")
    with pytest.raises(PermissionDenied):
        payments.reverse_payment(frontdesk_ctx, paid.id, "keyed twice")
    with pytest.raises(ValidationError) as err:
        payments.reverse_payment(billing_ctx, paid.id, "  ")
    assert err.value.field == "reason"
    rev = payments.reverse_payment(billing_ctx, paid.id, "keyed twice")
    assert rev.kind == "reversal" and rev.amount == Decimal("-30.00") and rev.reverses_id == paid.id
    assert _balance(frontdesk_ctx, pid) == Decimal("50.00")
    assert payments.get_payment(frontdesk_ctx, paid.id).reversed_by_id == rev.id
    with pytest.raises(ConflictError):
        payments.reverse_payment(billing_ctx, paid.id, "again")
    with pytest.raises(ConflictError, match="reversal cannot be reversed"):
        payments.reverse_payment(billing_ctx, rev.id, "undo the undo")
    with pytest.raises(ConflictError):
        payments.apply_credit(frontdesk_ctx, paid.id, None)
    kinds = [e.kind for e in ledger_service.ledger(frontdesk_ctx, patient_id=pid).entries]
    assert kinds == ["charge", "payment", "reversal"]
    with db.session(write=False) as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("payment.%"))))
    assert actions == ["payment.take", "payment.reverse"]


def test_refund_of_credit_and_its_limits(frontdesk_ctx, billing_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    payments.take_payment(frontdesk_ctx, pid, method="cash", amount="40", apply_to=[])
    with pytest.raises(PermissionDenied):
        payments.refund_credit(frontdesk_ctx, pid, "10", "cash", "overpaid")
    with pytest.raises(ValidationError) as err:
        payments.refund_credit(billing_ctx, pid, "40.01", "cash", "overpaid")
    assert err.value.field == "amount"
    with pytest.raises(ValidationError) as err:
        payments.refund_credit(billing_ctx, pid, "10", "check", "overpaid")
    assert err.value.field == "check_number"
    refund = payments.refund_credit(billing_ctx, pid, "15", "check", "overpaid", check_number="2001")
    assert refund.kind == "refund" and refund.amount == Decimal("-15.00")
    assert payments.patient_credit(frontdesk_ctx, pid) == Decimal("25.00")
    assert _balance(frontdesk_ctx, pid) == Decimal("-25.00")
    payments.reverse_payment(billing_ctx, refund.id, "check never cashed")
    assert payments.patient_credit(frontdesk_ctx, pid) == Decimal("40.00")


def test_posted_rows_cannot_be_edited_or_deleted_even_in_sql(frontdesk_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    clinic.visit(pid, (5000,), claims=())
    payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    for sql in ("UPDATE payment SET amount_cents = 1", "DELETE FROM payment",
                "UPDATE payment_application SET amount_cents = 1", "DELETE FROM payment_application"):
        with pytest.raises(StorageError) as err, db.session(write=True) as s:
            s.execute(text(sql))
        assert "never" in str(err.value.__cause__)
    with db.session(write=False) as s:
        assert s.scalar(select(Payment.amount_cents)) == 3000
        assert s.scalar(select(PaymentApplication.amount_cents)) == 3000
    # Only a merge moves a payment (tests/migrations/test_append_only.py): not to any other patient.
    other = clinic.patient("Roe")
    with pytest.raises(StorageError) as err, db.session(write=True) as s:
        s.execute(text(f"UPDATE payment SET patient_id = {other}"))
    assert "never" in str(err.value.__cause__)


def test_check_in_payment_links_the_appointment_and_prints_a_receipt(frontdesk_ctx, clinic: Clinic, tmp_path,
                                                                     db) -> None:
    import pdfplumber

    pid = clinic.patient(last="O'Brien <b>")
    visit = clinic.visit(pid, (2500,), claims=())
    appt = clinic.appointment(pid)
    with db.session(write=True) as s:  # the visit already charged: the copay goes to its own charge
        s.get(Encounter, visit.encounter_id).appointment_id = appt
    info = payments.take_payment(frontdesk_ctx, pid, method="card", amount="25", card_last4="0005",
                                 card_auth_code="OK1234", note="copay", appointment_id=appt)
    assert info.appointment_id == appt
    with pytest.raises(ValidationError) as err:  # someone else's visit
        payments.take_payment(frontdesk_ctx, clinic.patient("Roe"), method="cash", amount="5", appointment_id=appt)
    assert err.value.field == "appointment_id"
    out = tmp_path / "receipt.pdf"
    data = payments.write_receipt_pdf(frontdesk_ctx, info.id, out)
    assert data.balance_after == Decimal("0.00") and data.applied[0].description == "Office visit, established"
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0].extract_text()
    assert "Payment receipt" in page and "Card ending 0005" in page and "$25.00" in page
    assert "O'Brien <b>" in page  # escaped, not parsed as markup
    with db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "payment.receipt")) == "receipt printed"


def test_a_reversal_prints_as_a_reversal(frontdesk_ctx, billing_ctx, clinic: Clinic, tmp_path) -> None:
    import pdfplumber

    pid = clinic.patient()
    paid = payments.take_payment(frontdesk_ctx, pid, method="check", check_number="77", amount="12.50", apply_to=[])
    rev = payments.reverse_payment(billing_ctx, paid.id, "check returned unpaid")
    payments.write_receipt_pdf(billing_ctx, rev.id, tmp_path / "rev.pdf")
    with pdfplumber.open(tmp_path / "rev.pdf") as pdf:
        page = pdf.pages[0].extract_text()
    assert "Payment reversal" in page and f"Reverses receipt {paid.id}" in page
    assert "Amount reversed $12.50" in page and "check returned unpaid" in page


def test_merging_two_records_moves_their_payments(admin_ctx, frontdesk_ctx, clinic: Clinic) -> None:
    from frontdesk.services.patients import merge

    survivor, duplicate = clinic.patient("Twin"), clinic.patient("Twin")
    clinic.visit(duplicate, (4000,), claims=())
    payments.take_payment(frontdesk_ctx, duplicate, method="cash", amount="10")
    merge.merge_patients(admin_ctx, survivor, duplicate)
    assert [p.amount for p in payments.list_payments(frontdesk_ctx, survivor)] == [Decimal("10.00")]
    assert _balance(frontdesk_ctx, survivor) == Decimal("30.00")
