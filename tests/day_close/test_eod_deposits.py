"""Deposits: what waits for the bank, saving locks the payments (one deposit each), the slip PDF."""

from __future__ import annotations

from decimal import Decimal

import pdfplumber
import pytest
from eod_lib import practice_day
from sqlalchemy import text

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import insurance_payments, payments


def _money(clinic, frontdesk_ctx, billing_ctx):  # type: ignore[no-untyped-def]
    a, b = clinic.patient("Avery", "Ann"), clinic.patient("Brook", "Bo")
    cash = payments.take_payment(frontdesk_ctx, a, method="cash", amount="20.00", apply_to=[])
    check = payments.take_payment(frontdesk_ctx, b, method="check", amount="35.50", check_number="1042",
                                  apply_to=[])
    bounced = payments.take_payment(frontdesk_ctx, b, method="check", amount="9.00", check_number="1043",
                                    apply_to=[])
    payments.reverse_payment(billing_ctx, bounced.id, "Wrong check, handed back")
    payments.take_payment(frontdesk_ctx, a, method="card", amount="10.00", card_last4="4242", card_auth_code="A1",
                          apply_to=[])
    ip = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                    paid_on=practice_day(clinic.db), total="60.00")
    return cash, check, ip


def test_candidates_are_cash_unreversed_checks_and_payer_checks(clinic, frontdesk_ctx, billing_ctx) -> None:
    cash, check, ip = _money(clinic, frontdesk_ctx, billing_ctx)
    waiting = end_of_day.deposit_candidates(frontdesk_ctx)
    assert [(c.key, c.method, c.check_number, c.payer, c.amount) for c in waiting] == [
        (f"p:{cash.id}", "cash", "", "Avery, Ann", Decimal("20.00")),
        (f"p:{check.id}", "check", "1042", "Brook, Bo", Decimal("35.50")),
        (f"i:{ip.id}", "check", "778", "Blue Prairie Health", Decimal("60.00"))]


def test_saving_a_deposit_locks_its_payments(clinic, frontdesk_ctx, billing_ctx, tmp_path) -> None:
    _money(clinic, frontdesk_ctx, billing_ctx)
    keys = [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)]
    deposit = end_of_day.save_deposit(frontdesk_ctx, keys, note="Bag 12")
    assert (deposit.cash_total, deposit.check_total, deposit.total) == (
        Decimal("20.00"), Decimal("95.50"), Decimal("115.50"))
    assert [c.check_number for c in deposit.checks] == ["1042", "778"]
    assert end_of_day.deposit_candidates(frontdesk_ctx) == []
    with pytest.raises(ConflictError, match="already on a deposit"):
        end_of_day.save_deposit(frontdesk_ctx, keys[:1])
    # The deposit and its items are never edited or deleted, whoever asks (database triggers).
    with clinic.db.session(write=True) as s, pytest.raises(Exception, match="never edited"):
        s.execute(text("UPDATE deposit_item SET amount_cents = 1"))
    with clinic.db.session(write=True) as s, pytest.raises(Exception, match="never deleted"):
        s.execute(text("DELETE FROM deposit"))
    # A reversal of a deposited payment is a new entry (dated today); the deposit stays as it was.
    payments.reverse_payment(billing_ctx, int(keys[1][2:]), "Check bounced")
    assert end_of_day.get_deposit(frontdesk_ctx, deposit.id) == deposit

    out = tmp_path / "slip.pdf"
    end_of_day.write_deposit_slip_pdf(frontdesk_ctx, deposit.id, out)
    with pdfplumber.open(out) as pdf:
        slip = pdf.pages[0].extract_text()
    for words in ("Deposit slip", "1042", "Brook, Bo", "$35.50", "778", "Blue Prairie Health", "$60.00",
                  "Cash", "$20.00", "Total deposit", "$115.50"):
        assert words in slip


def test_a_cash_refund_lowers_the_cash_to_deposit(clinic, frontdesk_ctx, billing_ctx) -> None:
    p = clinic.patient()
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="50.00", apply_to=[])
    payments.refund_credit(billing_ctx, p, "15.00", "cash", "Overpaid copay")
    keys = [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)]
    assert end_of_day.save_deposit(frontdesk_ctx, keys).cash_total == Decimal("35.00")


def test_deposit_input_is_checked(clinic, frontdesk_ctx, anon_ctx) -> None:
    with pytest.raises(ValidationError):
        end_of_day.save_deposit(frontdesk_ctx, [])
    with pytest.raises(ValidationError):
        end_of_day.save_deposit(frontdesk_ctx, ["x:1"])
    with pytest.raises(ConflictError):
        end_of_day.save_deposit(frontdesk_ctx, ["p:999"])
    with pytest.raises(PermissionDenied):
        end_of_day.deposit_candidates(anon_ctx)
