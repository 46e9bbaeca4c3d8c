"""Statements: the batch filters, the two-step confirm, the figures on a statement, the ledger entries, history."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from st_lib import TODAY, Clinic, ago, guarantor_with_address, set_address

from frontdesk.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    StorageError,
    ValidationError,
)
from frontdesk.models import AuditEvent, Patient, Statement
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import payments
from frontdesk.services.payments import statements as st_service
from frontdesk.services.payments.statements import StatementFilters

ALL = StatementFilters(min_balance="0.01", days_since_last=0)


def _self_pay(clinic: Clinic, last: str, cents: int, days_old: int = 10) -> int:
    """A patient with an address owing ``cents`` on a self-pay visit ``days_old`` days ago."""
    pid = clinic.patient(last=last)
    set_address(clinic.db, pid)
    clinic.visit(pid, (cents,), on=ago(days_old), claims=())
    return pid


def _snapshots(ctx, batch_id: int) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    with ctx.db.session(write=False) as s:
        rows = s.scalars(select(Statement).where(Statement.batch_id == batch_id).order_by(Statement.sequence))
        return {json.loads(r.snapshot)["to"]["name"].split()[-1]: json.loads(r.snapshot) for r in rows}


def test_minimum_balance_filter(biller, clinic: Clinic, tmp_path) -> None:
    _self_pay(clinic, "Small", 300)
    _self_pay(clinic, "Large", 5000)
    result = st_service.prepare_statement_batch(biller, tmp_path / "s.pdf", StatementFilters(min_balance="5.00"))
    assert result.batch is not None and result.batch.statement_count == 1
    assert list(_snapshots(biller, result.batch.id)) == ["Large"]
    assert result.skipped["below_minimum"] == 1
    assert result.batch.total_due == Decimal("50.00")


def test_do_not_send_hold_excludes_the_patient_and_can_be_released(biller, clinic: Clinic, tmp_path) -> None:
    held = _self_pay(clinic, "Held", 5000)
    _self_pay(clinic, "Other", 5000)
    assert st_service.set_statement_hold(biller, held, True, "in dispute") is True
    assert st_service.statement_hold(biller, held) == "in dispute"
    result = st_service.prepare_statement_batch(biller, tmp_path / "a.pdf", ALL)
    assert list(_snapshots(biller, result.batch.id)) == ["Other"]
    assert result.skipped["held"] == 1
    # Turning the filter off bills the held patient too.
    st_service.discard_statement_batch(biller, result.batch.id, "test")
    both = st_service.prepare_statement_batch(biller, tmp_path / "b.pdf",
                                              StatementFilters(min_balance="0.01", days_since_last=0,
                                                               exclude_held=False))
    assert sorted(_snapshots(biller, both.batch.id)) == ["Held", "Other"]
    st_service.discard_statement_batch(biller, both.batch.id, "test")
    st_service.set_statement_hold(biller, held, False)
    assert st_service.statement_hold(biller, held) is None
    again = st_service.prepare_statement_batch(biller, tmp_path / "c.pdf", ALL)
    assert sorted(_snapshots(biller, again.batch.id)) == ["Held", "Other"]


def test_held_family_member_is_left_off_the_guarantor_statement(biller, clinic: Clinic, tmp_path) -> None:
    gid = guarantor_with_address(clinic.db, "Gina", "Family")
    kid1 = clinic.patient(last="Family", first="Ann", guarantor_id=gid)
    kid2 = clinic.patient(last="Family", first="Bob", guarantor_id=gid)
    clinic.visit(kid1, (4000,), on=ago(5), claims=())
    clinic.visit(kid2, (6000,), on=ago(5), claims=())
    st_service.set_statement_hold(biller, kid2, True)
    result = st_service.prepare_statement_batch(biller, tmp_path / "f.pdf", ALL)
    snap = _snapshots(biller, result.batch.id)["Family"]
    assert snap["to"]["name"] == "Gina Family" and snap["to"]["lines"] == ["9 Oak Ave", "Peoria, IL 61602"]
    assert snap["patients"] == ["Ann Family"] and snap["amount_due"] == "40.00"


def test_patient_owed_amount_is_billed_while_other_charges_await_insurance(biller, clinic: Clinic, tmp_path) -> None:
    """Issue 15 item 11: the $25 the patient owes is due now, so the account gets its statement although a
    $100 claim is still with the payer; the statement asks only for the $25 and says the rest is not due."""
    pid = clinic.patient(last="Waiting")
    set_address(clinic.db, pid)
    clinic.visit(pid, (10000,), on=ago(20), claims=("submitted",))  # insurance still deciding
    clinic.visit(pid, (2500,), on=ago(100), claims=())  # self-pay: owed by the patient
    result = st_service.prepare_statement_batch(biller, tmp_path / "w.pdf", ALL)
    assert result.batch is not None and result.skipped["waiting_on_insurance"] == 0
    snap = _snapshots(biller, result.batch.id)["Waiting"]
    assert (snap["new_balance"], snap["insurance_pending"], snap["amount_due"]) == ("125.00", "100.00", "25.00")
    assert snap["insurance_note"] == ("Other charges of $100.00 are awaiting insurance and are not due yet; we will "
                                      "bill you for any part your insurance leaves to you.")
    assert result.batch.total_due == Decimal("25.00")
    # The FINAL NOTICE reads the age of what the patient owes (100 days), not of the claim awaiting the payer.
    assert snap["oldest_days"] == 100 and snap["message"].startswith("FINAL NOTICE")


def test_an_old_claim_still_with_the_payer_does_not_make_a_final_notice(biller, clinic: Clinic, tmp_path) -> None:
    """The dunning message reads only the age of what the patient owes: a 150-day-old claim the payer still
    decides is not the patient's debt."""
    pid = clinic.patient(last="Patient")
    set_address(clinic.db, pid)
    clinic.visit(pid, (10000,), on=ago(150), claims=("submitted",))
    clinic.visit(pid, (2500,), on=ago(10), claims=())
    result = st_service.prepare_statement_batch(biller, tmp_path / "n.pdf", ALL)
    snap = _snapshots(biller, result.batch.id)["Patient"]
    assert snap["oldest_days"] == 10 and snap["amount_due"] == "25.00"
    assert snap["message"].startswith("Thank you") and "FINAL" not in snap["message"]
    assert [label_value[1] for label_value in snap["aging"]] == ["25.00", "0.00", "0.00", "0.00", "0.00"]


def test_an_account_owing_nothing_until_insurance_decides_gets_no_statement(biller, clinic: Clinic,
                                                                             tmp_path) -> None:
    pid = clinic.patient(last="Pending")
    set_address(clinic.db, pid)
    clinic.visit(pid, (10000,), on=ago(150), claims=("submitted",))  # old, but the payer still decides
    result = st_service.prepare_statement_batch(biller, tmp_path / "p.pdf", ALL)
    assert result.batch is None and result.skipped["waiting_on_insurance"] == 1
    assert result.skipped["below_minimum"] == 0


def test_accounts_without_an_address_are_counted_not_printed(biller, clinic: Clinic, tmp_path) -> None:
    clinic.visit(clinic.patient(last="Nowhere"), (5000,), on=ago(3), claims=())
    result = st_service.prepare_statement_batch(biller, tmp_path / "n.pdf", ALL)
    assert result.batch is None and result.skipped["no_address"] == 1


def test_confirm_sets_the_dates_only_after_confirmation(biller, clinic: Clinic, tmp_path, clock) -> None:
    pid = _self_pay(clinic, "Twostep", 5000)
    first = st_service.prepare_statement_batch(biller, tmp_path / "1.pdf", StatementFilters(days_since_last=28))
    with biller.db.session(write=False) as s:
        assert s.scalars(select(Statement.sent_on)).all() == [None]
    assert not [e for e in ledger_service.ledger(biller, patient_id=pid).entries if e.kind == "statement"]
    with pytest.raises(ConflictError):  # one batch waits for confirmation at a time
        st_service.prepare_statement_batch(biller, tmp_path / "2.pdf", ALL)
    # Printed again after a jam: still not sent.
    st_service.write_statement_batch_pdf(biller, first.batch.id, tmp_path / "again.pdf")
    with biller.db.session(write=False) as s:
        assert s.scalars(select(Statement.sent_on)).all() == [None]
    done = st_service.confirm_statement_batch_printed(biller, first.batch.id)
    assert done.status == "printed" and done.confirmed_at is not None
    with biller.db.session(write=False) as s:
        assert s.scalars(select(Statement.sent_on)).all() == [TODAY]
    with pytest.raises(ConflictError):
        st_service.confirm_statement_batch_printed(biller, first.batch.id)
    led = ledger_service.ledger(biller, patient_id=pid)
    sent = [e for e in led.entries if e.kind == "statement"]
    assert len(sent) == 1 and sent[0].amount == Decimal("0.00") and sent[0].on == TODAY
    assert "$50.00" in sent[0].description and led.balance == Decimal("50.00")
    # Days since the last statement: too recent tomorrow, due again four weeks later.
    clock[0] += timedelta(days=1)
    soon = st_service.prepare_statement_batch(biller, tmp_path / "3.pdf", StatementFilters(days_since_last=28))
    assert soon.batch is None and soon.skipped["too_recent"] == 1
    clock[0] += timedelta(days=27)
    later = st_service.prepare_statement_batch(biller, tmp_path / "4.pdf", StatementFilters(days_since_last=28))
    assert later.batch is not None and later.batch.statement_count == 1


def test_discarded_batch_never_counts_as_sent(biller, clinic: Clinic, tmp_path) -> None:
    _self_pay(clinic, "Jammed", 5000)
    batch = st_service.prepare_statement_batch(biller, tmp_path / "1.pdf", ALL).batch
    with pytest.raises(ValidationError):
        st_service.discard_statement_batch(biller, batch.id, "  ")
    st_service.discard_statement_batch(biller, batch.id, "printer ate it")
    with pytest.raises(ConflictError):
        st_service.confirm_statement_batch_printed(biller, batch.id)
    again = st_service.prepare_statement_batch(biller, tmp_path / "2.pdf", StatementFilters(days_since_last=28))
    assert again.batch is not None  # the discarded statement did not start the 28 days
    assert [b.status for b in st_service.statement_batches(biller)] == ["prepared", "discarded"]


def test_activity_since_the_last_statement_and_previous_balance(biller, clinic: Clinic, tmp_path, clock) -> None:
    pid = _self_pay(clinic, "Since", 10000, days_old=20)
    batch = st_service.prepare_statement_batch(biller, tmp_path / "1.pdf", ALL).batch
    first = _snapshots(biller, batch.id)["Since"]
    assert first["first_statement"] is True and first["previous_balance"] == "0.00"
    assert [row[3] for row in first["activity"]] == ["100.00"]
    st_service.confirm_statement_batch_printed(biller, batch.id)
    payments.take_payment(biller, pid, method="cash", amount="15.00")  # the same day, after printing
    clock[0] += timedelta(days=10)
    payments.take_payment(biller, pid, method="check", check_number="311", amount="40.00")
    second_batch = st_service.prepare_statement_batch(biller, tmp_path / "2.pdf", ALL).batch
    second = _snapshots(biller, second_batch.id)["Since"]
    assert second["first_statement"] is False and second["since"] == TODAY.isoformat()
    assert second["previous_balance"] == "100.00"  # the last statement's new balance
    assert [(row[2], row[3]) for row in second["activity"]] == [("Payment, cash", "-15.00"),
                                                                ("Payment, check #311", "-40.00")]
    assert second["new_balance"] == second["amount_due"] == "45.00"
    st_service.confirm_statement_batch_printed(biller, second_batch.id)
    clock[0] += timedelta(days=1)
    third = st_service.prepare_statement_batch(biller, tmp_path / "3.pdf", ALL).batch
    snap = _snapshots(biller, third.id)["Since"]
    assert snap["activity"] == [] and snap["previous_balance"] == snap["new_balance"] == "45.00"


def test_figures_add_up_and_the_message_follows_the_age(biller, clinic: Clinic, tmp_path) -> None:
    young = _self_pay(clinic, "Young", 2000, days_old=10)
    old = _self_pay(clinic, "Old", 3000, days_old=45)
    older = _self_pay(clinic, "Older", 3000, days_old=75)
    oldest = _self_pay(clinic, "Oldest", 3000, days_old=150)
    clinic.visit(oldest, (1000,), on=ago(5), claims=())
    payments.take_payment(biller, young, method="cash", amount="5.00", apply_to=[])  # credit on account
    del old, older
    snaps = _snapshots(biller, st_service.prepare_statement_batch(biller, tmp_path / "m.pdf", ALL).batch.id)
    for snap in snaps.values():
        buckets = sum(Decimal(v) for _label, v in snap["aging"])
        assert buckets - Decimal(snap["credit"]) == Decimal(snap["amount_due"])
        assert Decimal(snap["insurance_pending"]) + Decimal(snap["amount_due"]) == Decimal(snap["new_balance"])
        assert Decimal(snap["previous_balance"]) + sum(Decimal(r[3]) for r in snap["activity"]) == \
            Decimal(snap["new_balance"])
    assert snaps["Young"]["amount_due"] == "15.00" and snaps["Young"]["credit"] == "5.00"
    assert snaps["Young"]["message"].startswith("Thank you")
    assert snaps["Old"]["message"].startswith("Your account is past due")
    assert snaps["Older"]["message"].startswith("Your account is seriously past due")
    assert snaps["Oldest"]["message"].startswith("FINAL NOTICE")
    assert snaps["Oldest"]["aging"] == [["0-30", "10.00"], ["31-60", "0.00"], ["61-90", "0.00"],
                                        ["91-120", "0.00"], ["Over 120", "30.00"]]


def test_history_audit_and_permissions(biller, frontdesk_ctx, clinic: Clinic, tmp_path) -> None:
    pid = _self_pay(clinic, "History", 5000)
    batch = st_service.prepare_statement_batch(biller, tmp_path / "h.pdf", ALL).batch
    st_service.confirm_statement_batch_printed(biller, batch.id)
    history = st_service.statement_history(frontdesk_ctx, pid)  # the front desk may see that one was sent
    assert [(h.batch_id, h.sent_on, h.amount_due, h.batch_status) for h in history] == [
        (batch.id, TODAY, Decimal("50.00"), "printed")]
    st_service.reprint_statement(biller, history[0].id, tmp_path / "r.pdf")
    with pytest.raises(PermissionDenied):
        st_service.prepare_statement_batch(frontdesk_ctx, tmp_path / "x.pdf", ALL)
    with pytest.raises(PermissionDenied):
        st_service.reprint_statement(frontdesk_ctx, history[0].id, tmp_path / "x.pdf")
    with pytest.raises(PermissionDenied):
        st_service.set_statement_hold(frontdesk_ctx, pid, True)
    with pytest.raises(NotFoundError):
        st_service.reprint_statement(biller, 999999, tmp_path / "x.pdf")
    with biller.db.session(write=False) as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).where(AuditEvent.action.like("statement.%"))
                                           .order_by(AuditEvent.seq))]
    assert actions == ["statement.batch_prepare", "statement.batch_confirm", "statement.reprint"]


def test_bad_filters_are_refused(biller, clinic: Clinic, tmp_path) -> None:
    with pytest.raises(ValidationError) as err:
        st_service.prepare_statement_batch(biller, tmp_path / "x.pdf", StatementFilters(min_balance="1.234"))
    assert err.value.field == "min_balance"
    with pytest.raises(ValidationError) as err:
        st_service.prepare_statement_batch(biller, tmp_path / "x.pdf", StatementFilters(days_since_last=-1))
    assert err.value.field == "days_since_last"
    with biller.db.session(write=False) as s:
        assert s.scalar(select(Patient.id).limit(1)) is None  # nothing written


def test_a_failed_print_saves_nothing(biller, clinic: Clinic, tmp_path) -> None:
    _self_pay(clinic, "Failed", 5000)
    with pytest.raises(StorageError):
        st_service.prepare_statement_batch(biller, tmp_path / "missing" / "s.pdf", ALL)
    assert st_service.statement_batches(biller) == ()
    with biller.db.session(write=False) as s:
        assert s.scalar(select(Statement.id).limit(1)) is None


def test_merging_patients_keeps_statements_and_reports_two_holds(biller, admin_ctx, clinic: Clinic, tmp_path) -> None:
    from frontdesk.services.patients import merge

    gid = guarantor_with_address(clinic.db, "Gina", "Dup")
    one = clinic.patient(last="Dup", first="Ann", guarantor_id=gid)
    two = clinic.patient(last="Dup", first="Ann", guarantor_id=gid)
    clinic.visit(one, (4000,), on=ago(5), claims=())
    clinic.visit(two, (6000,), on=ago(5), claims=())
    batch = st_service.prepare_statement_batch(biller, tmp_path / "d.pdf", ALL).batch
    st_service.confirm_statement_batch_printed(biller, batch.id)
    st_service.set_statement_hold(biller, one, True)
    st_service.set_statement_hold(biller, two, True)
    with pytest.raises(ConflictError):
        merge.merge_patients(admin_ctx, one, two)
    st_service.set_statement_hold(biller, two, False)
    merge.merge_patients(admin_ctx, one, two)
    assert [h.batch_id for h in st_service.statement_history(biller, one)] == [batch.id]
    sent = [e for e in ledger_service.ledger(biller, patient_id=one).entries if e.kind == "statement"]
    assert len(sent) == 1 and st_service.statement_hold(biller, one) == ""
