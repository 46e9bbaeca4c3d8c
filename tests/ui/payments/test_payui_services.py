"""The two service additions the payments screens needed: finding claims for an EOB, and the check-in copay flag."""

from __future__ import annotations

import pytest
from payui_lib import Clinic
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.errors import ValidationError
from frontdesk.models import IntakeRecord, Payer
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.patients import intake
from frontdesk.services.payments import payments
from frontdesk.ui.billing.payments.ledger_page import LedgerPage
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.context import UiContext


def test_find_claims_to_post_by_number_account_or_name(biller_ui: UiContext, clinic: Clinic, db) -> None:
    ctx = biller_ui.services
    avery = clinic.patient("Avery")
    a = clinic.visit(avery, (12500,))
    b = clinic.visit(clinic.patient("Averill"), (5000,))
    draft = clinic.visit(avery, (100,))
    clinic.set_claim(draft.claim_id, status="draft")  # not sent: no EOB can pay it
    clinic.set_claim(b.claim_id, payer_claim_number="ICN-77")
    found = {r.id for r in ins.find_claims_to_post(ctx, "aver")}
    assert found == {a.claim_id, b.claim_id}
    assert [r.id for r in ins.find_claims_to_post(ctx, f"#{a.claim_id}")] == [a.claim_id]
    assert [r.id for r in ins.find_claims_to_post(ctx, "ICN-77")] == [b.claim_id]
    account = ins.find_claims_to_post(ctx, "Avery")[0].account_number
    assert [r.id for r in ins.find_claims_to_post(ctx, account.lower())] == [a.claim_id]
    with db.session(write=True) as s:
        other = Payer(name="Medicare", name_key="medicare", claim_type="medicare")
        s.add(other)
        s.flush()
        other_id = other.id
    assert ins.find_claims_to_post(ctx, "aver", payer_id=other_id) == []
    with pytest.raises(ValidationError) as err:
        ins.find_claims_to_post(ctx, "  ")
    assert err.value.field == "search"


def test_check_in_payment_marks_the_copay_collected_and_its_reversal_unmarks_it(
        biller_ui: UiContext, desk_ui: UiContext, clinic: Clinic, db) -> None:
    pid = clinic.patient("Moss")
    appt = clinic.appointment(pid)
    summary = intake.start_intake(desk_ui.services, pid, appointment_id=appt)
    paid = payments.take_payment(desk_ui.services, pid, method="cash", amount="25", appointment_id=appt)
    assert intake.get_intake(desk_ui.services, summary.id).copay_collected
    payments.take_payment(desk_ui.services, pid, method="cash", amount="5")  # not at check-in: no change
    payments.reverse_payment(biller_ui.services, paid.id, "Taken twice")
    assert not intake.get_intake(desk_ui.services, summary.id).copay_collected
    with db.session(write=False) as s:
        assert s.scalar(select(IntakeRecord.copay_collected).where(IntakeRecord.id == summary.id)) is False


def test_ledger_of_everyone_a_guarantor_answers_for(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic) -> None:
    gid = clinic.guarantor("Hale")
    kid1 = clinic.patient("Hale", "Ann", guarantor_id=gid)
    kid2 = clinic.patient("Hale", "Bo", guarantor_id=gid)
    clinic.visit(kid1, (10000,))
    clinic.visit(kid2, (5000,))
    page = LedgerPage(biller_ui, lambda _t: None)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_patient(ChosenPatient(kid1, "Hale, Ann", "U1"))
    assert page.model.rowCount() == 1 and page.whole_guarantor.isEnabled()
    assert "Gus Hale" in page.whole_guarantor.text()
    qtbot.mouseClick(page.whole_guarantor, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2 and "Balance today $150.00" in page.totals.text()
    assert page.filters() == {"guarantor_id": gid, "since": None, "until": None, "provider_id": None}
