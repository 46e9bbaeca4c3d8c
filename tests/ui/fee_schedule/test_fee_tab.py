"""The Fee schedule tab driven like a person: add, edit, retire codes, payer fees, roles, the table model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from uisupport import click, retype

from frontdesk.services.billing import fee_schedule
from frontdesk.ui.admin.fee_item_dialog import FeeItemDialog, PayerFeeDialog
from frontdesk.ui.admin.fee_models import FeeItemsModel
from frontdesk.ui.admin.fee_schedule_tab import FeeScheduleTab


def cells(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, c).data() for c in range(model.columnCount())]


@pytest.fixture
def tab(show, uictx, statuses) -> FeeScheduleTab:  # type: ignore[no-untyped-def]
    return show(FeeScheduleTab(uictx, status=statuses.append))


def test_add_code_with_errors_beside_fields(qtbot, tab, drive_dialog, statuses) -> None:  # type: ignore[no-untyped-def]
    assert tab.notice.isVisible() and "Add code" in tab.notice.text()
    assert not tab.edit_button.isEnabled() and not tab.payer_fee_button.isEnabled()

    def fill(dialog: FeeItemDialog) -> None:
        qtbot.keyClicks(dialog.code, "9921")
        qtbot.keyClicks(dialog.description, "Est. patient visit, low complexity")
        qtbot.keyClicks(dialog.fee, "-5")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("code")
        assert error.isVisible() and "not a procedure code" in error.text()
        retype(qtbot, dialog.code, "99213")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("fee").isVisible() and "negative" in dialog.form.error_label("fee").text()
        assert not dialog.form.error_label("code").isVisible()
        retype(qtbot, dialog.fee, "$130")
        qtbot.keyClicks(dialog.modifiers, "25 25")
        click(qtbot, dialog.ok_button)
        assert "twice" in dialog.form.error_label("allowed_modifiers").text()
        retype(qtbot, dialog.modifiers, "25, 95")
        dialog.units.setFocus()
        qtbot.keyClick(dialog.units, Qt.Key.Key_Up)  # 2 units
        click(qtbot, dialog.ok_button)

    drive_dialog(FeeItemDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == "Added 99213 (Est. patient visit, low complexity) at $130.00."
    item = tab.selected_item()
    assert item is not None and item.code == "99213"
    assert cells(tab.model, tab.model.row_of(item.id)) == [
        "99213", "CPT", "Est. patient visit, low complexity", "$130.00", "2", "", "25 95", "Active"]
    assert not tab.notice.isVisible()


def test_duplicate_code_shown_beside_the_code(qtbot, tab, drive_dialog, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    fee_schedule.add_fee_item(billing_ctx, "J1100", "Dexamethasone, per 1 mg", "2")
    errors: list[str] = []

    def fill(dialog: FeeItemDialog) -> None:
        qtbot.keyClicks(dialog.code, "j1100")
        qtbot.keyClicks(dialog.description, "Again")
        qtbot.keyClicks(dialog.fee, "3")
        click(qtbot, dialog.ok_button)
        errors.append(dialog.form.error_label("code").text())
        dialog.reject()

    drive_dialog(FeeItemDialog, fill)
    click(qtbot, tab.add_button)
    assert "already in the fee schedule" in errors[0]
    assert len(fee_schedule.list_fee_items(billing_ctx)) == 1


def test_edit_retire_reactivate(qtbot, tab, drive_dialog, statuses, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    item = fee_schedule.add_fee_item(billing_ctx, "99214", "Visit", "150", 1, "25")
    assert tab.select_item(item.id)

    def edit(dialog: FeeItemDialog) -> None:
        assert dialog.code.isReadOnly() and dialog.code.text() == "99214"
        assert (dialog.fee.text(), dialog.modifiers.text()) == ("150.00", "25")
        retype(qtbot, dialog.description, "Est. patient visit, moderate")
        retype(qtbot, dialog.fee, "1,190.5")
        click(qtbot, dialog.ok_button)

    drive_dialog(FeeItemDialog, edit)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert statuses[-1] == "Saved 99214: $1,190.50 per unit."
    row = tab.model.row_of(item.id)
    assert cells(tab.model, row)[2:4] == ["Est. patient visit, moderate", "$1,190.50"]

    click(qtbot, tab.retire_button)
    assert statuses[-1] == "Retired 99214: new charges cannot use it; charges already entered keep it."
    assert cells(tab.model, tab.model.row_of(item.id))[-1] == "Retired"
    assert fee_schedule.list_fee_items(billing_ctx) == []
    assert tab.reactivate_button.isEnabled() and not tab.retire_button.isEnabled()
    click(qtbot, tab.reactivate_button)
    assert statuses[-1] == "99214 is offered for new charges again."
    saved = fee_schedule.list_fee_items(billing_ctx)[0]
    assert (saved.fee_cents, saved.allowed_modifiers, saved.active) == (119050, ("25",), True)


def test_payer_fees(qtbot, tab, drive_dialog, statuses, billing_ctx, payer_id) -> None:  # type: ignore[no-untyped-def]
    visit = fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "130")
    fee_schedule.add_fee_item(billing_ctx, "36415", "Blood draw", "15")
    assert tab.payer_combo.itemText(0) == "Default fees only" and tab.payer_combo.count() == 2
    assert [cells(tab.model, r)[5] for r in range(2)] == ["", ""]
    tab.select_item(visit.id)
    assert not tab.payer_fee_button.isEnabled()  # no payer chosen yet
    tab.payer_combo.setFocus()
    qtbot.keyClick(tab.payer_combo, Qt.Key.Key_Down)
    assert tab.payer_combo.currentText() == "Aetna"
    assert cells(tab.model, tab.model.row_of(visit.id))[5] == "(default)"

    def fill(dialog: PayerFeeDialog) -> None:
        assert dialog.fee.text() == ""
        qtbot.keyClicks(dialog.fee, "abc")
        assert dialog.fee.text() == ""  # letters are refused as typed (a money field)
        qtbot.keyClicks(dialog.fee, "1,2")  # the start of an amount, not one: refused on OK
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("fee").isVisible()
        retype(qtbot, dialog.fee, "92.47")
        click(qtbot, dialog.ok_button)

    drive_dialog(PayerFeeDialog, fill)
    click(qtbot, tab.payer_fee_button)
    assert statuses[-1] == "Aetna fee for 99213: $92.47."
    assert cells(tab.model, tab.model.row_of(visit.id))[5] == "$92.47"
    assert fee_schedule.list_payer_fees(billing_ctx, payer_id)[0][1] == 9247

    def clear(dialog: PayerFeeDialog) -> None:
        assert dialog.fee.text() == "92.47"
        retype(qtbot, dialog.fee, "")
        click(qtbot, dialog.ok_button)

    drive_dialog(PayerFeeDialog, clear)
    click(qtbot, tab.payer_fee_button)
    assert statuses[-1] == "Aetna is billed the practice's fee for 99213 ($130.00)."
    assert cells(tab.model, tab.model.row_of(visit.id))[5] == "(default)"
    assert fee_schedule.list_payer_fees(billing_ctx, payer_id) == []


def test_changes_elsewhere_refresh_the_tab(tab, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    assert tab.model.rowCount() == 0
    fee_schedule.add_fee_item(billing_ctx, "87880", "Rapid strep test", "28")
    assert [cells(tab.model, r)[0] for r in range(tab.model.rowCount())] == ["87880"]


def test_front_desk_may_look_but_not_change(qtbot, show, uictx, frontdesk_actor, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "130")
    uictx.set_actor(frontdesk_actor)
    tab = show(FeeScheduleTab(uictx))
    assert tab.model.rowCount() == 1
    tab.view.selectRow(0)
    assert tab.selected_item() is not None
    buttons = (tab.add_button, tab.edit_button, tab.retire_button, tab.reactivate_button, tab.payer_fee_button)
    assert not any(b.isEnabled() for b in buttons)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter does not open the editor either (no dialog, no error)


def test_signed_out_shows_nothing(show, uictx) -> None:  # type: ignore[no-untyped-def]
    tab = show(FeeScheduleTab(uictx))
    uictx.set_actor(None)
    assert tab.model.rowCount() == 0
    assert "does not allow" in tab.notice.text()
    assert not tab.add_button.isEnabled()


def test_filter_and_sort(qtbot, tab, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    for code, words, fee in (("99213", "Visit low", "130"), ("J1100", "Dexamethasone", "2"),
                             ("36415", "Blood draw", "15")):
        fee_schedule.add_fee_item(billing_ctx, code, words, fee)
    tab.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # by fee, as numbers
    shown = [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    assert shown == ["J1100", "36415", "99213"]
    qtbot.keyClicks(tab.filter_edit, "blood")
    assert tab.proxy.rowCount() == 1 and tab.proxy.index(0, 0).data() == "36415"


def test_table_model(qtmodeltester, billing_ctx, payer_id) -> None:  # type: ignore[no-untyped-def]
    fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "130")
    fee_schedule.add_fee_item(billing_ctx, "J1100", "Dexamethasone", "2")
    model = FeeItemsModel()
    model.set_rows(fee_schedule.list_fee_items(billing_ctx))
    qtmodeltester.check(model)
    model.set_payer_fees({model.record(0).id: 9000})
    qtmodeltester.check(model)
    assert cells(model, 0)[5] == "$90.00" and cells(model, 1)[5] == "(default)"


def test_fits_the_smallest_screen(show, uictx, billing_ctx) -> None:  # type: ignore[no-untyped-def]
    fee_schedule.add_fee_item(billing_ctx, "99213", "Est. patient visit, low complexity", "130", 1, "25 95")
    tab = show(FeeScheduleTab(uictx), 1366, 700)
    QApplication.processEvents()
    assert tab.minimumSizeHint().width() <= 1366
    assert tab.add_button.isVisible() and tab.payer_fee_button.isVisible() and tab.filter_edit.isVisible()


def test_keyboard_only(qtbot, tab, drive_dialog, statuses) -> None:  # type: ignore[no-untyped-def]
    """Alt+A opens the form, typing and Enter save it, Enter on the row edits it."""

    def fill(dialog: FeeItemDialog) -> None:
        assert dialog.code.hasFocus()
        qtbot.keyClicks(dialog.code, "87880")
        qtbot.keyClick(dialog.code, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Rapid strep test")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "28")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    drive_dialog(FeeItemDialog, fill)
    tab.filter_edit.setFocus()
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(statuses))  # a mnemonic "animates" the click: it lands a moment later
    assert statuses[-1] == "Added 87880 (Rapid strep test) at $28.00."

    def edit(dialog: FeeItemDialog) -> None:
        assert dialog.description.hasFocus()
        dialog.reject()

    opened = drive_dialog(FeeItemDialog, edit)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0].item.code == "87880"
