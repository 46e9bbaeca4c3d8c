"""The unmatched remittance queue: kept when posted, resolved by picking the claim or dismissed with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from era_lib import control_number, remittance
from pay_lib import Clinic
from sqlalchemy import text

from frontdesk.errors import ConflictError, StorageError, ValidationError
from frontdesk.services.payments import era_import, era_unmatched
from frontdesk.services.payments import insurance_payments as ins


def _posted_with_one_unmatched(billing_ctx, clinic: Clinic, db):  # type: ignore[no-untyped-def]
    visit = clinic.visit(clinic.patient(), (12500, 4000))
    result = era_import.post_era(billing_ctx, remittance("unmatched.835", pcn=control_number(db, visit.claim_ids[0])))
    return visit, result


def test_an_unmatched_claim_is_kept_and_its_money_keeps_the_check_open(billing_ctx, clinic: Clinic, db) -> None:
    _visit, result = _posted_with_one_unmatched(billing_ctx, clinic, db)
    assert result.payment.status == "open" and result.payment.posted == Decimal(140)
    [row] = era_unmatched.list_unmatched_era_claims(billing_ctx)
    assert row.id == result.unmatched_ids[0] and row.patient_control_number == "ZZZ000123C99999"
    assert (row.patient_name, row.paid, row.check_number, row.resolution) == ("NOBODY, NED", Decimal(100),
                                                                             "CHK500107", "")
    assert "matches no claim here" in row.why


def test_picking_the_claim_posts_it_on_the_same_check_which_then_closes(billing_ctx, clinic: Clinic, db) -> None:
    _visit, result = _posted_with_one_unmatched(billing_ctx, clinic, db)
    other = clinic.visit(clinic.patient("Nobody", "Ned"), (12500,))
    wrong = clinic.visit(clinic.patient("Roe"), (9900,))
    with pytest.raises(ValidationError) as err:
        era_unmatched.resolve_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], wrong.claim_ids[0])
    assert err.value.field == "claim_id" and "matches no charge" in err.value.message
    done = era_unmatched.resolve_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], other.claim_ids[0])
    assert (done.resolution, done.resolved_claim_id) == ("posted", other.claim_ids[0])
    assert clinic.claim_status(other.claim_ids[0]) == "paid"
    assert ins.get_insurance_payment(billing_ctx, result.payment.id).status == "closed"
    assert era_unmatched.list_unmatched_era_claims(billing_ctx) == []
    with pytest.raises(ConflictError, match="already posted"):
        era_unmatched.resolve_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], other.claim_ids[0])


def test_dismissing_needs_a_reason_and_keeps_the_row(billing_ctx, clinic: Clinic, db) -> None:
    _visit, result = _posted_with_one_unmatched(billing_ctx, clinic, db)
    with pytest.raises(ValidationError) as err:
        era_unmatched.dismiss_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], " ")
    assert err.value.field == "reason"
    done = era_unmatched.dismiss_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], "Not our patient")
    assert (done.resolution, done.resolution_note) == ("dismissed", "Not our patient")
    [kept] = era_unmatched.list_unmatched_era_claims(billing_ctx, include_resolved=True)
    assert kept.id == done.id
    with pytest.raises(StorageError):  # the database itself refuses to forget it or to resolve it again
        with db.session(write=True) as s:
            s.execute(text(f"DELETE FROM era_unmatched_claim WHERE id = {done.id}"))
    with pytest.raises(StorageError):
        with db.session(write=True) as s:
            s.execute(text(f"UPDATE era_unmatched_claim SET resolution = 'posted' WHERE id = {done.id}"))


def test_a_dismissed_claim_leaves_its_money_unapplied_and_the_check_closes_with_it(billing_ctx, clinic: Clinic,
                                                                                   db) -> None:
    from sqlalchemy import select

    from frontdesk.models import AuditEvent

    _visit, result = _posted_with_one_unmatched(billing_ctx, clinic, db)
    assert result.payment.remaining == Decimal(100) and result.payment.unapplied == 0
    with pytest.raises(ConflictError, match=r"\$100.00 not posted"):
        ins.close_insurance_payment(billing_ctx, result.payment.id)
    era_unmatched.dismiss_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], "Not our patient")
    check = ins.get_insurance_payment(billing_ctx, result.payment.id)
    assert (check.status, check.posted, check.unapplied, check.remaining) == ("closed", Decimal(140), Decimal(100), 0)
    assert check.unapplied_reasons == ("Not our patient",)
    with db.session(write=False) as s:
        closing = s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "insurance_payment.close",
                                                           AuditEvent.entity_id == str(check.id)))
    assert closing == "$140.00 posted, $100.00 unapplied (dismissed 835 claims)"


def test_dismissed_money_posted_by_hand_after_all_is_posted_not_unapplied(billing_ctx, clinic: Clinic, db) -> None:
    from frontdesk.services.payments.payment_types import LinePostingInput

    _visit, result = _posted_with_one_unmatched(billing_ctx, clinic, db)
    other = clinic.visit(clinic.patient("Nobody", "Ned"), (12500,))
    ins.post_claim_lines(billing_ctx, result.payment.id, other.claim_ids[0], [
        LinePostingInput(other.line_ids[0], "125", "100", (("CO", "45", "25"),))])
    assert ins.get_insurance_payment(billing_ctx, result.payment.id).remaining == 0
    era_unmatched.dismiss_unmatched_era_claim(billing_ctx, result.unmatched_ids[0], "Posted by hand already")
    check = ins.get_insurance_payment(billing_ctx, result.payment.id)  # dismissing the last claim closed it
    assert (check.status, check.posted, check.unapplied, check.remaining) == ("closed", Decimal(240), 0, 0)
