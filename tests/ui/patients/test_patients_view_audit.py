"""Issue 21 item 1: every screen of a patient's record writes one view event per opening (HIPAA), and none
for looking around it: switching tabs, scrolling, re-sorting, the data-changed refresh, the edit form.

The record (demographics, family, consents, contact history) is one view, written when it is opened; the
insurance policies (member ids, subscribers) are their own view, written when their tab first shows them;
each card image shown is one. The ledger: tests/ui/payments/test_payui_ledger_views.py; claims, encounters,
messages and referrals write theirs when one is opened (services' tests)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.billing import payers
from frontdesk.services.patients import contact_history, insurance, insurance_cards, patients
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.patients.card_images_dialog import CardImagesDialog
from frontdesk.ui.patients.patient_view import TAB_TITLES

INSURANCE = TAB_TITLES.index("Insurance")


def _png() -> bytes:
    image = QImage(86, 54, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6f97"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _views(admin_ctx: ServiceContext) -> list[tuple[str, str, int | None]]:
    """(action, what was viewed, patient) of every view event, oldest first."""
    rows = audit.list_events(admin_ctx, audit.AuditFilter())
    return [(r.action, r.entity_type, r.patient_id) for r in reversed(rows) if r.action.endswith(".view")]


def _policy(payer_id: int, rank: int, member: str) -> PolicyInput:
    return PolicyInput(payer_id=payer_id, rank=rank, member_id=member, effective_date=date(2020, 1, 1),
                       group_number="GRP-1", plan_name="Choice POS II", copay="25.00")


def _open_by_search(qtbot: QtBot, pane: PatientsPane, text: str, patient_id: int) -> None:
    pane.focus_search()
    qtbot.keyClicks(pane.search, text)
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.current_record() is not None and pane.current_record().id == patient_id)


def test_walking_a_patients_record_writes_one_view_per_opening(qtbot: QtBot, pane: PatientsPane,
                                                               admin_ctx: ServiceContext,
                                                               desk_ctx: ServiceContext) -> None:
    ada = patients.register_patient(admin_ctx, PatientInput(first_name="Ada", last_name="Walker", dob="03/14/1962",
                                                            sex="F", phone="(518) 555-0180"))
    bob = patients.register_patient(admin_ctx, PatientInput(first_name="Bob", last_name="Stone", dob="01/02/1970",
                                                            sex="M"))
    payer = payers.add_payer(admin_ctx, payers.PayerInput(name="Aetna", claim_type="group_health_plan"))
    policy = insurance.add_policy(admin_ctx, ada.id, _policy(payer.id, 1, "W123"))
    insurance_cards.attach_card_image(admin_ctx, policy.id, "front", _png())
    contact_history.add_contact_note(admin_ctx, ada.id, "Called about the bill")
    view = pane.view
    assert _views(admin_ctx) == []

    _open_by_search(qtbot, pane, "walker", ada.id)
    record = [("patient.view", "patient", ada.id)]
    assert _views(admin_ctx) == record

    # Every tab of the record; the policies are their own view, the first time their tab shows them.
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
    qtbot.waitUntil(lambda: view.insurance.model.rowCount() == 1)
    record.append(("patient.view", "insurance_policies", ada.id))
    assert _views(admin_ctx) == record

    # Looking around: back to the policies, a sort, the scroll bar, the edit form and back, a refresh after a
    # change made elsewhere (a second card), the record's own change signal.
    view.tabs.setCurrentIndex(INSURANCE)
    view.insurance.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    view.insurance.view.verticalScrollBar().setValue(view.insurance.view.verticalScrollBar().maximum())
    insurance.add_policy(desk_ctx, ada.id, _policy(payer.id, 2, "W456"))
    qtbot.waitUntil(lambda: view.insurance.model.rowCount() == 2)
    pane.edit_patient()
    qtbot.keyClick(pane.form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: pane.current_record() is not None)
    for tab in reversed(range(view.tabs.count())):
        view.tabs.setCurrentIndex(tab)
    assert _views(admin_ctx) == record

    # A card image: one view per image shown.
    dialog = CardImagesDialog(pane.uictx, insurance.get_policy(desk_ctx, policy.id))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.panels["front"].has_image())
    dialog.close()
    record.append(("patient.view", "insurance_card", ada.id))
    assert _views(admin_ctx) == record

    # Another patient, then Ada again from the recent list: two openings; her policies once their tab shows.
    _open_by_search(qtbot, pane, "stone", bob.id)
    pane.recent_view.setCurrentIndex(pane.recent_model.index(1, 0))
    pane.recent_view.setFocus()
    qtbot.keyClick(pane.recent_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.current_record().id == ada.id)
    record += [("patient.view", "patient", bob.id), ("patient.view", "patient", ada.id)]
    assert _views(admin_ctx) == record
    view.tabs.setCurrentIndex(INSURANCE)
    qtbot.waitUntil(lambda: view.insurance.model.rowCount() == 2)
    record.append(("patient.view", "insurance_policies", ada.id))
    assert _views(admin_ctx) == record
