"""835 import: preview and posting of hand-written remittances through the manual EOB posting service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from era_lib import control_number, raw, remittance
from pay_lib import Clinic
from sqlalchemy import func, select

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import (
    AuditEvent,
    Claim,
    EraImport,
    InsuranceLinePosting,
    InsurancePayment,
    PayerCheckAdjustment,
    PostingAdjustment,
)
from frontdesk.services.payments import era_import, era_unmatched
from frontdesk.services.payments import insurance_corrections as corrections
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments.era_types import FALLBACK, MATCHED, UNMATCHED


def _visit(clinic: Clinic, claims: tuple[str, ...] = ("submitted",)):  # type: ignore[no-untyped-def]
    pid = clinic.patient()
    return pid, clinic.visit(pid, (12500, 4000), claims=claims)


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_a_paid_claim_is_previewed_then_posted_and_the_check_closes(billing_ctx, clinic: Clinic, db) -> None:
    pid, visit = _visit(clinic)
    data = remittance("paid.835", pcn=control_number(db, visit.claim_ids[0]))
    preview = era_import.preview_era(billing_ctx, data, file_name="/home/ben/Downloads/era.835")
    [check] = preview.checks
    assert preview.file_name == "era.835" and check.payer_id == clinic.payer_id and check.postable
    assert (check.kind, check.trace_number, check.amount, check.balances) == ("check", "CHK500101", Decimal(140), True)
    [claim] = check.claims
    assert (claim.match, claim.claim_id, claim.claim_patient_name) == (MATCHED, visit.claim_ids[0], "Doe, Jane")
    assert [line.service_line_id for line in claim.lines] == list(visit.line_ids)
    assert _count(db, InsurancePayment) == 0  # a preview writes nothing
    result = era_import.post_era(billing_ctx, preview)
    assert result.payment.status == "closed" and result.payment.total == Decimal(140)
    assert result.posted_claim_ids == (visit.claim_ids[0],) and result.unmatched_ids == ()
    assert clinic.claim_status(visit.claim_ids[0]) == "paid"
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_payments == Decimal(140) and led.adjustments == Decimal(25) and led.balance == 0
    with db.session(write=False) as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("insurance_payment.%")
                                                                 | (AuditEvent.action == "era.import"))))
        claim_row = s.get(Claim, visit.claim_ids[0])
        assert claim_row.payer_claim_number == "BPH2611200001"
    assert actions == ["insurance_payment.enter", "insurance_payment.post", "insurance_payment.close", "era.import"]


def test_a_partly_paid_claim_leaves_deductible_coinsurance_and_copay_to_the_patient(billing_ctx, clinic: Clinic,
                                                                                     db) -> None:
    pid, visit = _visit(clinic)
    era_import.post_era(billing_ctx, remittance("partial.835", pcn=control_number(db, visit.claim_ids[0])))
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_payments == Decimal(70) and led.adjustments == Decimal(35)
    assert led.patient_portion == Decimal(60) and led.insurance_portion == 0
    with db.session(write=False) as s:
        adjustments = sorted(s.execute(select(PostingAdjustment.group_code, PostingAdjustment.reason_code,
                                              PostingAdjustment.amount_cents)).all())
        remarks = set(s.scalars(select(InsuranceLinePosting.remark_codes)))
    assert adjustments == [("CO", "45", 1000), ("CO", "45", 2500), ("PR", "1", 3000), ("PR", "2", 1000),
                           ("PR", "3", 1000), ("PR", "3", 1000)]
    assert remarks == {"N130", ""}


def test_a_denial_posts_no_money_and_denies_the_claim(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    result = era_import.post_era(billing_ctx, remittance("denied.835", pcn=control_number(db, visit.claim_ids[0])))
    assert result.payment.kind == "eft" and result.payment.total == 0 and result.payment.status == "closed"
    assert clinic.claim_status(visit.claim_ids[0]) == "denied"
    with db.session(write=False) as s:
        denials = set(s.scalars(select(InsuranceLinePosting.denied_reason)))
        remarks = set(s.scalars(select(InsuranceLinePosting.remark_codes)))
    assert len(denials) == 1 and denials.pop().startswith("CO-50") and remarks == {"M25", ""}


def test_a_claim_level_adjustment_is_spread_over_the_lines_it_covers(billing_ctx, clinic: Clinic, db) -> None:
    pid, visit = _visit(clinic)
    era_import.post_era(billing_ctx, remittance("claim_level.835", pcn=control_number(db, visit.claim_ids[0])))
    with db.session(write=False) as s:
        per_line = dict(s.execute(select(PostingAdjustment.service_line_id, PostingAdjustment.amount_cents)).all())
    assert per_line == {visit.line_ids[0]: 2500, visit.line_ids[1]: 1000}
    assert ledger_service.ledger(billing_ctx, patient_id=pid).balance == 0


def test_a_reversal_and_its_correction_take_back_the_old_payment_on_the_new_check(billing_ctx, clinic: Clinic,
                                                                                  db) -> None:
    pid, visit = _visit(clinic)
    pcn = control_number(db, visit.claim_ids[0])
    first = era_import.post_era(billing_ctx, remittance("paid.835", pcn=pcn))
    preview = era_import.preview_era(billing_ctx, remittance("reversal.835", pcn=pcn))
    [check] = preview.checks
    assert [(c.status_code, c.is_reversal, c.match, c.problem) for c in check.claims] == [
        ("22", True, MATCHED, ""), ("1", False, MATCHED, "")]
    second = era_import.post_era(billing_ctx, preview)
    assert second.reversed_claim_ids == (visit.claim_ids[0],) and second.posted_claim_ids == (visit.claim_ids[0],)
    assert second.payment.total == Decimal(10) and second.payment.status == "closed"
    assert clinic.claim_status(visit.claim_ids[0]) == "paid"
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_payments == Decimal(150) and led.adjustments == Decimal(15) and led.balance == 0
    with db.session(write=False) as s:
        on_new = s.execute(select(InsuranceLinePosting.paid_cents, InsuranceLinePosting.reverses_id).where(
            InsuranceLinePosting.insurance_payment_id == second.payment.id).order_by(InsuranceLinePosting.id)).all()
        old = s.get(InsurancePayment, first.payment.id)
        assert old.status == "closed"  # the first check keeps what it paid; the new one took it back
    assert [paid for paid, _r in on_new] == [-10000, -4000, 11000, 4000]
    assert all(r is not None for _p, r in on_new[:2]) and all(r is None for _p, r in on_new[2:])
    # The first check's posting is no longer standing: reversing it by hand is refused, not tried a second time.
    with pytest.raises(ConflictError, match="Nothing of claim"):
        corrections.reverse_claim_posting(billing_ctx, first.payment.id, visit.claim_ids[0], "Posted twice")



def test_a_claim_reversed_by_a_later_835_no_longer_stands_on_the_first_check(billing_ctx, clinic: Clinic,
                                                                             db) -> None:
    _pid, visit = _visit(clinic)
    pcn = control_number(db, visit.claim_ids[0])
    first = era_import.post_era(billing_ctx, remittance("paid.835", pcn=pcn))
    second = era_import.post_era(billing_ctx, remittance("reversal.835", pcn=pcn))
    [on_first] = corrections.posted_claims(billing_ctx, first.payment.id)
    # What the first check paid stays its own (the second took it back), but none of it stands.
    assert (on_first.reversed, on_first.lines, on_first.paid) == (True, 0, Decimal(140))
    [on_second] = corrections.posted_claims(billing_ctx, second.payment.id)
    # The second check's correction stands (its reversal rows take back the first check's postings, not its own).
    assert (on_second.reversed, on_second.lines, on_second.paid) == (False, 2, Decimal(10))


def test_provider_level_adjustments_stay_on_the_check_and_balance_it(billing_ctx, clinic: Clinic, db) -> None:
    pid, visit = _visit(clinic)
    data = remittance("plb.835", pcn=control_number(db, visit.claim_ids[0]))
    [check] = era_import.preview_era(billing_ctx, data).checks
    assert check.balances and check.amount == Decimal("122.50") and check.claims_paid == Decimal(140)
    assert check.provider_adjustments_total == Decimal("17.50") and check.interest == Decimal("2.50")
    assert [(p.reason, p.label, p.amount) for p in check.provider_adjustments] == [
        ("L6", "Interest owed", Decimal("-2.50")), ("FB", "Forwarding balance", Decimal(20))]
    result = era_import.post_era(billing_ctx, data)
    assert result.payment.status == "closed" and result.provider_adjustments == Decimal("17.50")
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_payments == Decimal(140) and led.balance == 0  # nothing of the PLB on the patient
    with db.session(write=False) as s:
        assert sorted(s.execute(select(PayerCheckAdjustment.reason_code, PayerCheckAdjustment.amount_cents)).all()) \
            == [("FB", 2000), ("L6", -250)]


def test_a_remittance_that_does_not_balance_is_refused(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    data = remittance("paid.835", pcn=control_number(db, visit.claim_ids[0])).replace(b"BPR*I*140*", b"BPR*I*145*")
    [check] = era_import.preview_era(billing_ctx, data).checks
    assert not check.balances and "does not balance" in check.problems[0]
    with pytest.raises(ConflictError, match="does not balance"):
        era_import.post_era(billing_ctx, data)
    assert _count(db, InsurancePayment) == 0


def test_the_same_file_or_trace_number_twice_is_refused_with_the_date(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    data = remittance("paid.835", pcn=control_number(db, visit.claim_ids[0]))
    era_import.post_era(billing_ctx, data)
    [check] = era_import.preview_era(billing_ctx, data).checks
    assert not check.postable and check.imported_on is not None
    with pytest.raises(ConflictError, match=r"Already imported on 11/27/2026 \(check or EFT CHK500101\)"):
        era_import.post_era(billing_ctx, data)
    other_file = data.replace(b"000000101", b"000000199")  # another interchange (ISA13 = IEA02), the same check
    with pytest.raises(ConflictError, match="Already imported on 11/27/2026"):
        era_import.post_era(billing_ctx, other_file)
    assert _count(db, InsurancePayment) == 1 and _count(db, EraImport) == 1


@pytest.mark.parametrize(("name", "reason"), [
    ("not_835.837", "GS line 2: version 005010X222A1, not 005010X221A1"),
    ("bad_status.835", "CLP line 12 element 2: (Q) is not a valid code for Claim Status Code (CLP02)"),
])
def test_a_file_that_is_not_a_valid_835_is_refused_naming_the_segment(billing_ctx, clinic: Clinic, db, name: str,
                                                                       reason: str) -> None:
    data = raw(name).replace(b"$pcn", b"T000001C1")
    for call in (era_import.preview_era, era_import.post_era):
        with pytest.raises(ValidationError) as err:
            call(billing_ctx, data)
        assert err.value.field == "file" and reason in err.value.message
    with pytest.raises(ValidationError, match="does not begin with an ISA segment"):
        era_import.preview_era(billing_ctx, b"Dear doctor, please find our payment enclosed.")
    assert _count(db, InsurancePayment) == 0


def test_a_partial_failure_posts_nothing_from_the_check(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic, ("submitted", "held"))
    pcn = control_number(db, visit.claim_ids[0])
    first = era_import.post_era(billing_ctx, remittance("paid.835", pcn=pcn))
    assert first.released_claim_ids == (visit.claim_ids[1],)  # the held secondary, as manual posting does
    with db.session(write=True) as s:
        s.get(Claim, visit.claim_ids[1]).status = "submitted"  # the secondary went out with the old figures
    before = (_count(db, InsurancePayment), _count(db, InsuranceLinePosting), _count(db, EraImport))
    with pytest.raises(ConflictError, match="already sent to the next payer"):
        era_import.post_era(billing_ctx, remittance("reversal.835", pcn=pcn))
    assert (_count(db, InsurancePayment), _count(db, InsuranceLinePosting), _count(db, EraImport)) == before


def test_a_claim_found_only_by_patient_date_and_charge_waits_for_confirmation(billing_ctx, clinic: Clinic,
                                                                             db) -> None:
    _pid, visit = _visit(clinic)
    data = remittance("fallback.835", last="DOE", first="JANE")
    [check] = era_import.preview_era(billing_ctx, data).checks
    [claim] = check.claims
    assert (claim.match, claim.claim_id, check.fallback) == (FALLBACK, visit.claim_ids[0], 1)
    confirmed = era_import.post_era(billing_ctx, data, confirmed_fallbacks=[claim.key])
    assert confirmed.posted_claim_ids == (visit.claim_ids[0],) and confirmed.payment.status == "closed"


def test_an_unconfirmed_fallback_match_is_queued_not_posted(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    result = era_import.post_era(billing_ctx, remittance("fallback.835", last="DOE", first="JANE"))
    assert result.posted_claim_ids == () and len(result.unmatched_ids) == 1 and result.payment.status == "open"
    assert clinic.claim_status(visit.claim_ids[0]) == "submitted"


def test_a_claim_nobody_here_sent_is_listed_as_unmatched(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    [check] = era_import.preview_era(billing_ctx, remittance("unmatched.835",
                                                             pcn=control_number(db, visit.claim_ids[0]))).checks
    assert [c.match for c in check.claims] == [MATCHED, UNMATCHED]
    assert (check.matched, check.unmatched) == (1, 1) and check.postable
    assert "matches no claim here" in check.claims[1].problem


def test_someone_without_the_posting_permission_cannot_preview_or_post(frontdesk_ctx, clinic: Clinic, db) -> None:
    data = remittance("paid.835", pcn="T000001C1")
    for call in (era_import.preview_era, era_import.post_era):
        with pytest.raises(PermissionDenied):
            call(frontdesk_ctx, data)


def test_claim_interest_stays_on_the_check_and_the_lines_post_what_they_paid(billing_ctx, clinic: Clinic,
                                                                            db) -> None:
    pid, visit = _visit(clinic)
    data = remittance("interest.835", pcn=control_number(db, visit.claim_ids[0]))
    [check] = era_import.preview_era(billing_ctx, data).checks
    assert check.interest == Decimal("1.25") and check.claims[0].interest == Decimal("1.25") and check.balances
    result = era_import.post_era(billing_ctx, data)
    assert result.payment.kind == "eft" and result.payment.status == "closed"
    assert result.payment.total == result.payment.posted == Decimal("141.25")
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_payments == Decimal(140) and led.balance == 0  # the interest is not the patient's
    with db.session(write=False) as s:
        assert s.execute(select(PayerCheckAdjustment.reason_code, PayerCheckAdjustment.amount_cents)).all() == [
            ("L6", -125)]


def test_a_payer_the_practice_does_not_have_is_refused_by_name(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    data = remittance("paid.835", pcn=control_number(db, visit.claim_ids[0])).replace(
        b"N1*PR*BLUE PRAIRIE HEALTH*XV*87726", b"N1*PR*GREEN VALLEY MUTUAL*XV*55555")
    [check] = era_import.preview_era(billing_ctx, data).checks
    assert check.payer_id is None and "GREEN VALLEY MUTUAL (payer ID 55555)" in check.problems[0]
    with pytest.raises(ConflictError, match="not one of the practice's payers"):
        era_import.post_era(billing_ctx, data)


def test_a_reversal_of_a_payment_never_posted_goes_to_the_queue(billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    result = era_import.post_era(billing_ctx, remittance("reversal.835", pcn=control_number(db, visit.claim_ids[0])))
    # The take-back and its correction wait in the queue together, saying why; their money keeps the check open.
    assert result.posted_claim_ids == () and result.reversed_claim_ids == ()
    assert len(result.unmatched_ids) == 2 and result.payment.status == "open"
    [reversal, correction] = era_unmatched.list_unmatched_era_claims(billing_ctx)
    assert reversal.status_code == "22" and "nothing this payer paid stands posted" in reversal.why
    assert correction.status_code == "1" and correction.why.startswith("Its reversal in this remittance cannot")


def test_a_changed_plb_amount_is_found_by_the_check(billing_ctx, clinic: Clinic, db) -> None:
    from pay_lib import tamper

    from frontdesk.services.admin.checks import run_checks

    _pid, visit = _visit(clinic)
    era_import.post_era(billing_ctx, remittance("plb.835", pcn=control_number(db, visit.claim_ids[0])))
    assert run_checks(db).ok
    with db.session(write=False) as s:
        plb_id = s.scalar(select(PayerCheckAdjustment.id).where(PayerCheckAdjustment.reason_code == "FB"))
    tamper(db, f"UPDATE payer_check_adjustment SET amount_cents = 20 WHERE id = {plb_id}")
    problems = [line for line in run_checks(db).lines if line.startswith("PROBLEM: posted money")]
    # Both PLB rows of the check were sealed by one event: the range holding the changed one is named.
    assert len(problems) == 1 and problems[0].startswith(
        "PROBLEM: posted money: payer_check_adjustment rows 1-2 differ from what audit event #"), problems


def test_the_same_check_imported_at_the_same_moment_gets_the_same_refusal(billing_ctx, clinic: Clinic, db,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Two windows post the same file together: the second's checks ran before the first committed, so only the
    unique indexes stop it. It gets the refusal with the date, not a storage error, and writes nothing."""
    _pid, visit = _visit(clinic)
    data = remittance("paid.835", pcn=control_number(db, visit.claim_ids[0]))
    preview = era_import.preview_era(billing_ctx, data)
    era_import.post_era(billing_ctx, data)  # the other window's import lands between this preview and the post
    monkeypatch.setattr(era_import, "earlier_import", lambda *_args: None)  # not yet committed when checked
    with pytest.raises(ConflictError, match=r"Already imported on 11/27/2026 \(check or EFT CHK500101\)") as err:
        era_import.post_era(billing_ctx, preview)
    assert err.value.field == "file"
    assert _count(db, InsurancePayment) == 1 and _count(db, EraImport) == 1


def test_preview_and_post_report_progress_per_claim_and_a_cancel_before_posting_posts_nothing(
        billing_ctx, clinic: Clinic, db) -> None:
    _pid, visit = _visit(clinic)
    data = remittance("unmatched.835", pcn=control_number(db, visit.claim_ids[0]))  # two claims, one unmatched
    heard: list[tuple[int, int]] = []
    era_import.preview_era(billing_ctx, data, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(0, 2), (1, 2), (2, 2)]

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        era_import.post_era(billing_ctx, data, progress=cancel)
    assert _count(db, InsurancePayment) == 0 and _count(db, EraImport) == 0
    heard.clear()
    result = era_import.post_era(billing_ctx, data, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(0, 2), (1, 2), (2, 2)] and len(result.unmatched_ids) == 1
