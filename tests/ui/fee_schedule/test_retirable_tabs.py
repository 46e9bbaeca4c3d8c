"""The Fee schedule and Payers tabs share RetirableListTab: one add / edit (Enter) / retire / reactivate script,
typed like a person into the real dialogs, runs against both and reads each tab's own status messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from uisupport import click, retype

from frontdesk.ui.admin.fee_item_dialog import FeeItemDialog
from frontdesk.ui.admin.fee_schedule_tab import FeeScheduleTab
from frontdesk.ui.admin.payer_dialog import PayerDialog
from frontdesk.ui.admin.payers_tab import PayersTab
from frontdesk.ui.widgets.tab_base import RetirableListTab


def _add_code(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.code, "99213")
    qtbot.keyClicks(dialog.description, "Office visit")
    qtbot.keyClicks(dialog.fee, "130")


def _edit_code(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, dialog.fee, "150")


def _add_payer(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.edits["name"], "Cigna")
    dialog.claim_type.setFocus()
    dialog.claim_type.setCurrentIndex(dialog.claim_type.findText("Other"))


def _edit_payer(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, dialog.edits["name"], "Cigna Health")


@dataclass(frozen=True)
class Case:
    tab: type[RetirableListTab]
    dialog: type
    add: Callable[[Any, Any], None]
    edit: Callable[[Any, Any], None]
    messages: tuple[str, str, str, str]  # added, saved, retired, reactivated


CASES = {
    "fee_schedule": Case(FeeScheduleTab, FeeItemDialog, _add_code, _edit_code, (
        "Added 99213 (Office visit) at $130.00.",
        "Saved 99213: $150.00 per unit.",
        "Retired 99213: new charges cannot use it; charges already entered keep it.",
        "99213 is offered for new charges again.")),
    "payers": Case(PayersTab, PayerDialog, _add_payer, _edit_payer, (
        "Added payer Cigna (Other).",
        "Saved payer Cigna Health.",
        "Retired Cigna Health: new policies cannot use it; existing policies keep it.",
        "Cigna Health is offered for new policies again.")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_add_edit_retire_reactivate_through_the_shared_tab(qtbot, show, uictx, statuses, drive_dialog,  # type: ignore[no-untyped-def]
                                                           name: str) -> None:
    case = CASES[name]
    tab = show(case.tab(uictx, status=statuses.append))
    assert isinstance(tab, RetirableListTab)
    buttons = (tab.edit_button, tab.retire_button, tab.reactivate_button)
    assert tab.add_button.isEnabled() and not any(b.isEnabled() for b in buttons)
    status_column = tab.model.columnCount() - 1

    def status_text() -> str:
        record = tab.selected_record()
        return tab.model.index(tab.model.row_of(record.id), status_column).data()

    def fill_then_ok(fill: Callable[[Any, Any], None]) -> Callable[[Any], None]:
        return lambda dialog: (fill(qtbot, dialog), click(qtbot, dialog.ok_button))

    drive_dialog(case.dialog, fill_then_ok(case.add))
    click(qtbot, tab.add_button)
    assert statuses[-1] == case.messages[0]
    assert tab.selected_record() is not None and status_text() == "Active"  # the new row, selected
    assert tab.edit_button.isEnabled() and tab.retire_button.isEnabled() and not tab.reactivate_button.isEnabled()

    opened = drive_dialog(case.dialog, fill_then_ok(case.edit))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter on the row edits it
    assert len(opened) == 1 and statuses[-1] == case.messages[1]

    click(qtbot, tab.retire_button)
    assert statuses[-1] == case.messages[2]
    qtbot.waitUntil(lambda: status_text() == "Retired")  # still listed, its status in words
    assert tab.reactivate_button.isEnabled() and not tab.retire_button.isEnabled()

    click(qtbot, tab.reactivate_button)
    assert statuses[-1] == case.messages[3]
    qtbot.waitUntil(lambda: status_text() == "Active")
