"""Posted money is sealed into the audit chain: `frontdesk check` finds a changed amount or a moved payment.

The attack: someone holding the key drops the append-only triggers and edits posted money with SQL.
Before, posted money was outside every check.
"""

from __future__ import annotations

from datetime import date

import pytest
from pay_lib import Clinic, tamper
from sqlalchemy import select

from frontdesk.services.admin.checks import run_checks
from frontdesk.models import AuditEvent
from frontdesk.services.patients import merge
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _money_problems(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in run_checks(db).lines if line.startswith("PROBLEM: posted money")]


def test_clean_postings_verify(frontdesk_ctx, billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    clinic.visit(pid, (5000,), claims=())
    paid = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    payments.reverse_payment(billing_ctx, paid.id, "entered twice")
    report = run_checks(db)
    assert report.ok, report.lines
    assert any("posted money rows match the audit events that sealed them" in line for line in report.lines)


def test_a_changed_amount_is_found(frontdesk_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    paid = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    tamper(db, f"UPDATE payment SET amount_cents = 300 WHERE id = {paid.id}")
    problems = _money_problems(db)
    assert len(problems) == 1
    assert problems[0].startswith(f"PROBLEM: posted money: payment row {paid.id} differs from what audit event #")


def test_a_moved_payment_is_found(frontdesk_ctx, clinic: Clinic, db) -> None:
    pid, other = clinic.patient("Avery"), clinic.patient("Blake")
    paid = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    tamper(db, f"UPDATE payment SET patient_id = {other} WHERE id = {paid.id}")
    assert _money_problems(db) == [
        f"PROBLEM: posted money: payment row {paid.id} was moved to another patient than it was posted to"]
    tamper(db, f"UPDATE payment SET posted_patient_id = {other} WHERE id = {paid.id}")  # and covering it up
    assert f"payment row {paid.id} differs" in " ".join(_money_problems(db))


def test_a_merge_moves_payments_without_a_finding(admin_ctx, frontdesk_ctx, clinic: Clinic, db) -> None:
    keep, dup = clinic.patient("Avery"), clinic.patient("Avery", "Dup")
    payments.take_payment(frontdesk_ctx, dup, method="cash", amount="30")
    merge.merge_patients(admin_ctx, keep, dup)
    report = run_checks(db)
    assert report.ok, report.lines


def test_a_deleted_a_slipped_in_and_a_reversed_row_are_found(frontdesk_ctx, billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    clinic.visit(pid, (5000,), claims=())
    first = payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    reversal = payments.reverse_payment(billing_ctx, first.id, "entered twice")
    tamper(db, "DELETE FROM payment_application WHERE amount_cents < 0")
    assert any("payment_application" in p and "differ" in p for p in _money_problems(db))
    tamper(db, f"UPDATE payment SET amount_cents = -1 WHERE id = {reversal.id}")
    assert any(f"payment row {reversal.id} differs" in p for p in _money_problems(db))


def test_a_row_added_outside_the_app_is_found(frontdesk_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    payments.take_payment(frontdesk_ctx, pid, method="cash", amount="30")
    tamper(db, "INSERT INTO payment (patient_id, posted_patient_id, kind, method, amount_cents, received_on, "
                "check_number, card_last4, card_auth_code, note, reason, created_at) SELECT patient_id, patient_id, "
                "kind, method, 99999, received_on, '', '', '', '', '', created_at FROM payment")
    [problem] = _money_problems(db)
    assert problem.endswith("is in no audit event: posted money was added outside the app")


def test_bulk_eob_postings_and_adjustments_are_sealed(billing_ctx, clinic: Clinic, db) -> None:
    a = clinic.visit(clinic.patient("Avery"), (12500,))
    b = clinic.visit(clinic.patient("Blake"), (10000, 2500))
    check = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="TRN-9",
                                        paid_on=date(2026, 11, 3), total="180")
    ins.post_eob(billing_ctx, check.id, [
        ClaimPostingInput(a.claim_ids[0], (LinePostingInput(a.line_ids[0], "100", "100", (("CO", "45", "25"),)),)),
        ClaimPostingInput(b.claim_ids[0], (LinePostingInput(b.line_ids[0], "80", "80", (("CO", "45", "20"),)),
                                           LinePostingInput(b.line_ids[1], "0", "0", (("CO", "97", "25"),))))])
    with db.session(write=False) as s:
        sealed = s.scalars(select(AuditEvent.money).where(AuditEvent.action == "insurance_payment.post")).all()
    assert any("insurance_line_posting:" in m and "posting_adjustment:" in m for m in sealed)
    assert run_checks(db).ok
    tamper(db, "UPDATE insurance_line_posting SET paid_cents = paid_cents + 1000 WHERE paid_cents = 8000")
    assert any(p.startswith("PROBLEM: posted money: insurance_line_posting row") for p in _money_problems(db))
    tamper(db, "UPDATE posting_adjustment SET amount_cents = 0 WHERE reason_code = '97'")
    assert any("posting_adjustment" in p for p in _money_problems(db))
    tamper(db, f"UPDATE insurance_payment SET total_cents = 1 WHERE id = {check.id}")
    assert any(f"insurance_payment row {check.id} differs" in p for p in _money_problems(db))


def test_every_money_table_is_sealed_on_every_column_that_cannot_change() -> None:
    from frontdesk.models import Base
    from frontdesk.models.append_only import APPEND_ONLY
    from frontdesk.services._money_seal import MONEY_FIELDS

    for table, fields in MONEY_FIELDS.items():
        fixed = [c.name for c in Base.metadata.tables[table].columns if c.name not in APPEND_ONLY[table]]
        # payment.patient_id moves by a merge: posted_patient_id is sealed instead
        assert sorted(fields) == sorted(set(fixed) - {"patient_id"} if table == "payment" else fixed), table


def test_a_changed_deposit_is_found(frontdesk_ctx, clinic: Clinic, db) -> None:
    from frontdesk.services.day_close import end_of_day

    payments.take_payment(frontdesk_ctx, clinic.patient(), method="cash", amount="30")
    deposit = end_of_day.save_deposit(frontdesk_ctx, [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)])
    assert run_checks(db).ok
    tamper(db, f"UPDATE deposit SET total_cents = 0, cash_cents = 0 WHERE id = {deposit.id}")
    assert any(p.startswith(f"PROBLEM: posted money: deposit row {deposit.id} differs") for p in _money_problems(db))
