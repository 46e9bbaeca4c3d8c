"""The Billing pane's screens render with data at 1366x768 (the PNGs, see testsupport.screenshot_path, are looked at by a person)."""

from __future__ import annotations

from billui_lib import make_claim
from PySide6.QtWidgets import QApplication
from testsupport import practice_today, screenshot_path

from frontdesk.reports.cms1500 import PrintOffsets
from frontdesk.ui.billing.dialogs import (
    ClaimStatusDialog,
    TextPromptDialog,
    WalkInDialog,
)
from frontdesk.ui.billing.print_dialog import PrintClaimsDialog


def _save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.sendPostedEvents()  # pending layout requests, as the event loop would run them before painting
    image = widget.grab()
    assert image.width() == widget.width() and image.height() == widget.height()
    assert image.save(str(screenshot_path(f"billui-{name}.png")))


def test_claims_list_and_encounter_screen_fit_1366x768(qtbot, harness, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    make_claim(biller, clinic, lines=("99213", "90471"), codes=("E119", "I10"))
    row = make_claim(biller, clinic, codes=(), lines=())
    pane = harness.pane
    pane.resize(1366 - 200, 768 - 90)  # the navigation list, menu and status bar take the rest
    pane.claims_page.reload(select_claim=row.id)
    detail = pane.claims_page.detail
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.row.id == row.id)
    # Its two problems, then any warning (the code set's, when the date of service is past the installed release).
    assert len(detail.detail.problems) == 2 and detail.problems.count() == len(detail.detail.findings)
    _save(pane, "claims")
    pane.open_encounter(make_claim(biller, clinic, codes=("E119", "I10"), lines=("99213", "90471")).encounter_id)
    qtbot.waitUntil(lambda: pane.encounter.lines_model.rowCount() == 2)
    _save(pane, "encounter")
    assert pane.width() == 1366 - 200  # not pushed wider by the widgets' minimum sizes
    # Nothing is cut off: the encounter's buttons and the line editor's buttons are inside the pane.
    for button in (pane.encounter.create_button, pane.encounter.save_line_button):
        corner = button.mapTo(pane, button.rect().bottomRight())
        assert pane.rect().contains(corner)


def test_dialogs_render(qtbot, clinic) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.providers import ProviderInfo

    dialogs = {
        "print": PrintClaimsDialog(None, 12, PrintOffsets(4, -2)),
        "status": ClaimStatusDialog(None, "1042"),
        "reference": TextPromptDialog(None, "Correct claim", "The payer's claim number:", "&Make corrected claim"),
        "walk-in": WalkInDialog(None, "Jones, Mary", [ProviderInfo(1, "Ava", "Carter", "MD", "1245319599",
                                                                   "207Q00000X", True)], practice_today()),
    }
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        _save(dialog, name)


def _mnemonics(root) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    keys: list[str] = []
    for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel) + root.findChildren(QGroupBox):
        if not widget.isVisibleTo(root):
            continue
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        text = text.replace("&&", "")
        if "&" in text:
            keys.append(text[text.index("&") + 1].lower())
    return keys


def test_alt_keys_are_unique_on_each_screen(qtbot, harness, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    pane = harness.pane
    pane.claims_page.reload(select_claim=row.id)
    qtbot.waitUntil(lambda: pane.claims_page.detail.detail is not None)
    for screen in ("claims", "encounter"):
        if screen == "encounter":
            pane.open_encounter(row.encounter_id)
            qtbot.waitUntil(lambda: pane.encounter.detail is not None)
        keys = _mnemonics(pane)
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        assert len(keys) >= 8 and duplicates == [], (screen, keys)


def test_minimum_size_fits_a_1366_wide_screen(harness, clinic, biller, qtbot) -> None:  # type: ignore[no-untyped-def]
    pane = harness.pane
    pane.open_encounter(make_claim(biller, clinic).encounter_id)
    qtbot.waitUntil(lambda: pane.encounter.detail is not None)
    hints = {name: w.minimumSizeHint().width() for name, w in (
        ("pane", pane), ("encounter", pane.encounter), ("header", pane.encounter.header),
        ("diagnoses", pane.encounter.diagnoses), ("editor", pane.encounter.editor), ("claims", pane.claims_page))}
    # The main window's navigation list takes up to 190 pixels of a 1366-pixel screen.
    assert hints["pane"] <= 1366 - 200, hints
