"""The ledger: entries and running balance, portions, guarantor families, date and provider filters, PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from pay_lib import Clinic
from sqlalchemy import select

from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import payments
from frontdesk.services._ledger_queries import patient_balances

pytestmark = pytest.mark.usefixtures("frozen_clock")  # fixed dates: a fixed practice clock


def _setup(billing_ctx, clinic: Clinic):  # type: ignore[no-untyped-def]
    pid = clinic.patient()
    sept = clinic.visit(pid, (10000,), on=date(2026, 9, 1))
    octo = clinic.visit(pid, (5000,), on=date(2026, 10, 1), claims=(), provider_id=clinic.other_provider_id)
    check = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="TRN1",
                                        paid_on=date(2026, 9, 20), total="60")
    ins.post_claim_lines(billing_ctx, check.id, sept.claim_ids[0], [
        (sept.line_ids[0], "80", "60", (("CO", "45", "20"), ("PR", "2", "20")))])
    payments.take_payment(billing_ctx, pid, method="cash", amount="30", received_on=date(2026, 10, 5),
                          apply_to=[octo.line_ids[0]])
    payments.take_payment(billing_ctx, pid, method="cash", amount="10", received_on=date(2026, 10, 6), apply_to=[])
    return pid, sept, octo


def test_entries_in_date_order_with_running_balance_and_portions(billing_ctx, clinic: Clinic) -> None:
    pid, _sept, _octo = _setup(billing_ctx, clinic)
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    rows = [(e.on, e.kind, e.amount, e.balance) for e in led.entries]
    assert rows == [
        (date(2026, 9, 1), "charge", Decimal("100.00"), Decimal("100.00")),
        (date(2026, 9, 20), "insurance payment", Decimal("-60.00"), Decimal("40.00")),
        (date(2026, 9, 20), "adjustment", Decimal("-20.00"), Decimal("20.00")),
        (date(2026, 9, 20), "adjustment", Decimal("0.00"), Decimal("20.00")),  # PR-2: stays owed
        (date(2026, 10, 1), "charge", Decimal("50.00"), Decimal("70.00")),
        (date(2026, 10, 5), "payment", Decimal("-30.00"), Decimal("40.00")),
        (date(2026, 10, 6), "payment", Decimal("-10.00"), Decimal("30.00")),
    ]
    assert "PR-2 Coinsurance" in led.entries[3].description and "CO-45" in led.entries[2].description
    assert led.entries[0].provider == "A. Carter" and led.entries[0].description.startswith("99213 Office visit")
    assert led.balance == led.closing_balance == Decimal("30.00")
    assert led.credit == Decimal("10.00")
    assert led.insurance_portion == Decimal("0.00") and led.patient_portion == Decimal("30.00")
    assert (led.charges, led.payments, led.insurance_payments, led.adjustments) == (
        Decimal("150.00"), Decimal("40.00"), Decimal("60.00"), Decimal("20.00"))
    assert led.entries[4].patient_portion == Decimal("20.00")  # the October charge after the $30 applied
    assert patient_balances_of(billing_ctx, pid) == Decimal("30.00")


def patient_balances_of(ctx, pid: int) -> Decimal:  # type: ignore[no-untyped-def]
    with ctx.db.session(write=False) as s:
        return patient_balances(s, [pid])[pid]


def test_date_filter_brings_the_balance_forward(billing_ctx, clinic: Clinic) -> None:
    pid, _s, _o = _setup(billing_ctx, clinic)
    led = ledger_service.ledger(billing_ctx, patient_id=pid, since=date(2026, 10, 1), until=date(2026, 10, 5))
    assert led.opening_balance == Decimal("20.00")
    assert [e.kind for e in led.entries] == ["charge", "payment"]
    assert led.closing_balance == Decimal("40.00")
    assert led.balance == Decimal("30.00")  # today's, whatever the period
    with pytest.raises(ValidationError) as err:
        ledger_service.ledger(billing_ctx, patient_id=pid, since=date(2026, 10, 5), until=date(2026, 10, 1))
    assert err.value.field == "until"


def test_provider_filter_keeps_that_providers_charges_and_what_paid_them(billing_ctx, clinic: Clinic) -> None:
    pid, _s, _o = _setup(billing_ctx, clinic)
    led = ledger_service.ledger(billing_ctx, patient_id=pid, provider_id=clinic.other_provider_id)
    assert [(e.kind, e.amount) for e in led.entries] == [("charge", Decimal("50.00")), ("payment", Decimal("-30.00"))]
    assert led.balance == led.patient_portion == Decimal("20.00")
    with pytest.raises(ValidationError):
        ledger_service.ledger(billing_ctx, patient_id=pid, provider_id=999)


def test_guarantor_ledger_covers_the_family(billing_ctx, clinic: Clinic) -> None:
    parent = clinic.patient("Smith", "Pat")
    g = clinic.guarantor(patient_id=parent)
    kid = clinic.patient("Smith", "Kim", guarantor_id=g)
    stranger = clinic.patient("Other")
    for pid, cents in ((parent, 1000), (kid, 2000), (stranger, 4000)):
        clinic.visit(pid, (cents,), claims=())
    led = ledger_service.ledger(billing_ctx, guarantor_id=g)
    assert set(led.patient_ids) == {parent, kid}
    assert led.balance == Decimal("30.00")
    with pytest.raises(NotFoundError):
        ledger_service.ledger(billing_ctx, guarantor_id=999)
    with pytest.raises(ValidationError):
        ledger_service.ledger(billing_ctx)
    # The family ledger is one choice away from every member: the parent who answers for the others too.
    for member in (parent, kid):
        account = ledger_service.family_account(billing_ctx, member)
        assert (account.guarantor_id, account.name, account.member_count) == (g, "Pat Smith", 2)
    alone = ledger_service.family_account(billing_ctx, stranger)
    assert alone.guarantor_id is None and alone.member_count == 1
    person = clinic.guarantor(last="Nguyen")  # a guarantor who is not a patient, for one child only
    only = clinic.patient("Nguyen", "Lee", guarantor_id=person)
    assert ledger_service.family_account(billing_ctx, only).guarantor_id is None
    with pytest.raises(NotFoundError):
        ledger_service.family_account(billing_ctx, 99999)


def test_void_encounters_do_not_count_and_their_payments_return_to_credit(billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    visit = clinic.visit(pid, (5000,), claims=())
    payments.take_payment(billing_ctx, pid, method="cash", amount="20")
    from sqlalchemy import update

    from frontdesk.models import Encounter

    with db.session(write=True) as s:
        s.execute(update(Encounter).where(Encounter.id == visit.encounter_id).values(status="void"))
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.balance == Decimal("-20.00") and led.credit == Decimal("20.00")
    assert patient_balances_of(billing_ctx, pid) == Decimal("-20.00")


def test_ledger_pdf_prints_every_entry_escaped_and_is_audited(billing_ctx, clinic: Clinic, tmp_path, db) -> None:
    pid, _s, _o = _setup(billing_ctx, clinic)
    payments.take_payment(billing_ctx, pid, method="cash", amount="1", note="<i>not markup</i> & co")
    out = tmp_path / "ledger.pdf"
    led = ledger_service.write_ledger_pdf(billing_ctx, out, patient_id=pid)
    with pdfplumber.open(out) as pdf:
        content = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Account ledger" in content and "Jane Doe" in content
    assert "CO-45" in content and "$30.00" in content and "Balance today" in content
    assert len(led.entries) == 8
    with db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "ledger.print")) == "ledger.print"
