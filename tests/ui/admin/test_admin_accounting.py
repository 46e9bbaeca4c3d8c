"""Admin > Accounting: the chart-of-accounts map typed, every wrong field shown beside it, saved quietly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.services.admin import accounting_map


def test_accounts_are_saved_and_wrong_ones_shown_beside_their_fields(qtbot: QtBot, pane, statuses: list[str],
                                                                     uictx) -> None:
    tab = pane.show_tab("accounting")
    qtbot.waitUntil(lambda: tab.save_button.isEnabled())
    assert "11 of 11 accounts are not chosen yet" in tab.notice.text()
    assert tab.edits["bank"].placeholderText() == "e.g. Checking"  # a suggestion, never saved by itself
    tab.edits["bank"].setText("Checking \u2603")  # QTest cannot type a snowman
    qtbot.keyClicks(tab.edits["refunds"], "Patient Refunds")
    tab.edits["card_clearing"].setText("Card\tClearing")  # a pasted tab would split an IIF line
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.form.error_label("bank").isVisible())
    assert tab.form.error_label("card_clearing").isVisible()
    assert tab.edits["refunds"].text() == "Patient Refunds"  # nothing typed is lost
    tab.edits["bank"].setText("Checking:Main")
    tab.edits["card_clearing"].setText("Card Clearing")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses and statuses[-1] == "Accounting accounts saved.")
    saved = accounting_map.account_map(uictx.services)
    assert (saved.account("bank"), saved.account("refunds"), saved.account("undeposited_funds")) == (
        "Checking:Main", "Patient Refunds", "")
    assert "8 of 11 accounts are not chosen yet" in tab.notice.text()
    pane.resize(1366, 768)
    pane.grab().save(str(screenshot_path("admin-accounting.png")))
