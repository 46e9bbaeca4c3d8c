"""Day sheet: charges by provider and procedure, money by method, adjustments, reversals, drawer; PDF and speed."""

from __future__ import annotations

from decimal import Decimal

import pdfplumber
import pytest
from eod_lib import practice_day

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import insurance_payments, payments
from frontdesk.services.payments.payment_types import LinePostingInput


@pytest.mark.both_engines
def test_day_sheet_groups_charges_and_money(clinic, billing_ctx, frontdesk_ctx) -> None:
    today = practice_day(clinic.db)
    a, b = clinic.patient("Avery"), clinic.patient("Brook")
    clinic.visit(a, (12500, 4000), on=today)
    clinic.visit(b, (12500,), on=today, provider_id=clinic.other_provider_id)
    v_old = clinic.visit(b, (9900,), on=practice_day(clinic.db, 3))  # another day: not on this sheet
    payments.take_payment(frontdesk_ctx, a, method="cash", amount="20.00", apply_to=[])
    check = payments.take_payment(frontdesk_ctx, b, method="check", amount="35.50", check_number="1042", apply_to=[])
    payments.take_payment(frontdesk_ctx, a, method="card", amount="10.00", card_last4="4242", card_auth_code="A1",
                          apply_to=[])
    payments.reverse_payment(billing_ctx, check.id, "Check returned by the bank")
    ip = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                    paid_on=today, total="60.00")
    insurance_payments.post_claim_lines(billing_ctx, ip.id, v_old.claim_ids[0], [LinePostingInput(
        v_old.line_ids[0], allowed="60.00", paid="60.00", adjustments=(("CO", "45", "39.00"),))])

    sheet = end_of_day.day_sheet(frontdesk_ctx, today)

    assert sheet.visit_count == 2
    assert [(p.provider_name, p.code, p.count, p.amount) for p in sheet.procedures] == [
        ("Ava Carter", "90471", 1, Decimal("40.00")), ("Ava Carter", "99213", 1, Decimal("125.00")),
        ("Ben Osei", "99213", 1, Decimal("125.00"))]
    assert sheet.charges_total == Decimal("290.00")
    assert {m.label: m.amount for m in sheet.payments} == {
        "Cash payments": Decimal("20.00"), "Check payments": Decimal("35.50"), "Card payments": Decimal("10.00"),
        "Insurance payments": Decimal("60.00")}
    assert sheet.payments_total == Decimal("125.50")
    assert [(m.label, m.amount) for m in sheet.reversals] == [("Reversals (check)", Decimal("-35.50"))]
    assert sheet.net_receipts == Decimal("90.00")
    assert [(m.label, m.amount) for m in sheet.adjustments] == [("Contractual (CO)", Decimal("39.00"))]
    # The drawer expects the day's cash and the checks that stayed (the reversed check went back).
    assert sheet.expected.cash == Decimal("20.00")
    assert sheet.expected.checks == Decimal("95.50")
    assert sheet.drawer is None


def test_drawer_count_difference_needs_a_note(clinic, frontdesk_ctx) -> None:
    today = practice_day(clinic.db)
    p = clinic.patient()
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="20.00", apply_to=[])
    with pytest.raises(ValidationError) as err:
        end_of_day.count_drawer(frontdesk_ctx, today, opening_float="100.00", counted_cash="115.00",
                                counted_checks="0")
    assert err.value.field == "note"
    count = end_of_day.count_drawer(frontdesk_ctx, today, opening_float="100.00", counted_cash="115.00",
                                    counted_checks="0", note="Gave $5 change twice")
    assert (count.expected_cash, count.difference, count.cash_difference) == (
        Decimal("120.00"), Decimal("-5.00"), Decimal("-5.00"))
    assert end_of_day.day_sheet(frontdesk_ctx, today).drawer == count


def test_day_sheet_pdf_shows_the_figures_and_is_recorded(clinic, frontdesk_ctx, tmp_path) -> None:
    today = practice_day(clinic.db)
    p = clinic.patient()
    clinic.visit(p, (12500,), on=today)
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="1234.56", apply_to=[])
    end_of_day.count_drawer(frontdesk_ctx, today, opening_float="100.00", counted_cash="1334.56",
                            counted_checks="0.00")
    out = tmp_path / "day.pdf"
    end_of_day.write_day_sheet_pdf(frontdesk_ctx, today, out)
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert f"Day sheet for {today:%m/%d/%Y}" in text
    assert "Ava Carter" in text and "99213" in text and "$125.00" in text
    assert "Cash payments" in text and "$1,234.56" in text
    assert "Total: Balanced" in text and "$1,334.56" in text
    status = end_of_day.end_of_day_status(frontdesk_ctx, today)
    assert next(s for s in status.steps if s.key == "day_sheet").done


def test_day_sheet_refuses_future_days_and_signed_out_users(clinic, frontdesk_ctx, anon_ctx) -> None:
    from datetime import timedelta
    with pytest.raises(ValidationError):
        end_of_day.day_sheet(frontdesk_ctx, practice_day(clinic.db) + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        end_of_day.day_sheet(anon_ctx)


def test_a_150_visit_day_sheet_adds_up(clinic, frontdesk_ctx, tmp_path) -> None:
    today = practice_day(clinic.db)
    patients = [clinic.patient(f"Speed{i}") for i in range(150)]
    for i, p in enumerate(patients):
        clinic.visit(p, (12500, 4000, 2500), on=today, claims=(),
                     provider_id=clinic.provider_id if i % 2 else clinic.other_provider_id)
    for p in patients[:100]:
        payments.take_payment(frontdesk_ctx, p, method=("cash", "check", "card")[p % 3], amount="25.00",
                              check_number="77" if p % 3 == 1 else "", card_last4="4242" if p % 3 == 2 else "",
                              card_auth_code="OK1" if p % 3 == 2 else "")
    out = tmp_path / "big.pdf"
    sheet = end_of_day.write_day_sheet_pdf(frontdesk_ctx, today, out)  # its speed: `frontdesk bench` day_sheet
    assert sheet.visit_count == 150 and sheet.charges_total == Decimal(150) * Decimal("190.00")


def test_a_payer_check_voided_the_same_day_counts_once(clinic, billing_ctx, frontdesk_ctx) -> None:
    from frontdesk.services.payments import insurance_corrections

    today = practice_day(clinic.db)
    visit = clinic.visit(clinic.patient("Avery"), (12500,), on=practice_day(clinic.db, 3))
    wrong = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                       paid_on=today, total="600.00")
    insurance_payments.post_claim_lines(billing_ctx, wrong.id, visit.claim_ids[0], [LinePostingInput(
        visit.line_ids[0], allowed="60.00", paid="60.00", adjustments=(("CO", "45", "65.00"),))])
    insurance_corrections.void_insurance_payment(billing_ctx, wrong.id, "Total keyed as $600, check is $60")
    right = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                       paid_on=today, total="60.00")
    insurance_payments.post_claim_lines(billing_ctx, right.id, visit.claim_ids[0], [LinePostingInput(
        visit.line_ids[0], allowed="60.00", paid="60.00", adjustments=(("CO", "45", "65.00"),))])

    sheet = end_of_day.day_sheet(frontdesk_ctx, today)

    assert {m.label: m.amount for m in sheet.payments}["Insurance payments"] == Decimal("660.00")
    assert [(m.label, m.count, m.amount) for m in sheet.reversals] == [
        ("Voided insurance payments", 1, Decimal("-600.00"))]
    assert sheet.net_receipts == Decimal("60.00")
    # The write-off was posted, reversed and posted again: it counts once.
    assert [(m.label, m.amount) for m in sheet.adjustments] == [("Contractual (CO)", Decimal("65.00"))]
    assert sheet.expected.checks == Decimal("60.00")
    assert [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)] == [f"i:{right.id}"]
