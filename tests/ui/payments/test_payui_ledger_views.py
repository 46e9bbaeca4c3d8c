"""Issue 21 item 1: opening a ledger (a patient's or a family's) is one audited view; filtering, scrolling,
sorting and the data-changed refresh of the ledger on screen write none."""

from __future__ import annotations

from datetime import date

from payui_lib import Clinic
from pytestqt.qtbot import QtBot

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.payments import payments
from frontdesk.ui.billing.payments.ledger_dialog import LedgerDialog
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.context import UiContext


def _views(admin_ctx: ServiceContext) -> list[tuple[str, str, int | None]]:
    """(entity type, entity id, patient id) of each ledger view, oldest first."""
    rows = audit.list_events(admin_ctx, audit.AuditFilter(action="ledger.view"))
    return [(r.entity_type, r.entity_id, r.patient_id) for r in reversed(rows)]


def test_each_ledger_opening_is_one_view_and_refreshes_are_none(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic,
                                                                admin_ctx: ServiceContext) -> None:
    g = clinic.guarantor()
    kim = clinic.patient("Family", "Kim", guarantor_id=g)
    lee = clinic.patient("Family", "Lee", guarantor_id=g)
    for pid in (kim, lee):
        for _ in range(3):
            clinic.visit(pid, (4000,))
    dialog = LedgerDialog(desk_ui, ChosenPatient(kim, "Family, Kim", "1"))
    qtbot.addWidget(dialog)
    dialog.resize(900, 300)  # short: the table scrolls
    dialog.show()
    page = dialog.page
    qtbot.waitUntil(lambda: page.data is not None and page.whole_guarantor.isEnabled())
    assert _views(admin_ctx) == [("patient", str(kim), kim)]

    # Looking around the ledger on screen: a filter, the scroll bar, a sort, a payment taken elsewhere.
    page.since_box.setChecked(True)
    page.since.setDate(date(2020, 1, 1))
    page.view.verticalScrollBar().setValue(0)
    page.view.sortByColumn(0, page.view.horizontalHeader().sortIndicatorOrder())
    shown = len(page.data.entries)
    payments.take_payment(desk_ui.services, kim, method="cash", amount="5.00", apply_to=[])
    qtbot.waitUntil(lambda: page.data is not None and len(page.data.entries) == shown + 1)
    assert _views(admin_ctx) == [("patient", str(kim), kim)]

    # The family's ledger is another view (more patients' data); back to Kim's opens hers again.
    page.whole_guarantor.setChecked(True)
    qtbot.waitUntil(lambda: page.data is not None and set(page.data.patient_ids) == {kim, lee})
    page.provider.setCurrentIndex(0)
    shown = len(page.data.entries)
    payments.take_payment(desk_ui.services, lee, method="cash", amount="1.00", apply_to=[])
    qtbot.waitUntil(lambda: page.data is not None and len(page.data.entries) == shown + 1)
    page.this_patient.setChecked(True)
    qtbot.waitUntil(lambda: page.data is not None and page.data.patient_ids == (kim,))
    # The family view is in each member's own audit history (this guarantor is not a patient: no one else's).
    assert _views(admin_ctx) == [("patient", str(kim), kim), ("guarantor", str(g), kim), ("guarantor", str(g), lee),
                                 ("patient", str(kim), kim)]
    dialog.close()

    # Opening the window again is another opening.
    again = LedgerDialog(desk_ui, ChosenPatient(lee, "Family, Lee", "2"))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.page.data is not None)
    assert _views(admin_ctx)[-1] == ("patient", str(lee), lee) and len(_views(admin_ctx)) == 5


def test_a_user_switch_makes_the_ledger_left_on_screen_a_new_view(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic,
                                                                  admin_ctx: ServiceContext) -> None:
    pid = clinic.patient("Switch")
    clinic.visit(pid, (4000,))
    dialog = LedgerDialog(desk_ui, ChosenPatient(pid, "Switch, Jane", "1"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.page.data is not None)
    desk_ui.set_actor(admin_ctx.actor)
    payments.take_payment(desk_ui.services, pid, method="cash", amount="5.00", apply_to=[])
    qtbot.waitUntil(lambda: len(_views(admin_ctx)) == 2)
    assert [r.username for r in audit.list_events(admin_ctx, audit.AuditFilter(action="ledger.view"))] == [
        "admin", "rita"]
