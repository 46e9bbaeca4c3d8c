"""Eligibility checks and card images from the Insurance tab."""

# Fixed dates are data here: the earlier check is in the past, so 'not in the future' keeps its answer as time passes.

from __future__ import annotations

import pytest
from insui_helpers import snap, TODAY, cells, click, pick, png_bytes, policy_input, us
from PySide6.QtCore import Qt

from frontdesk.services.admin import audit
from frontdesk.services.patients import eligibility, insurance
from frontdesk.services.patients.eligibility import CheckInput
from frontdesk.ui.patients.card_images_dialog import CardFileChooser, CardImagesDialog
from frontdesk.ui.patients.eligibility_dialog import EligibilityDialog
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.widgets.confirm import ConfirmDialog


@pytest.fixture
def policy(desk_ctx, patient_id, payer):  # type: ignore[no-untyped-def]
    return insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))


@pytest.fixture
def tab(show, uictx, statuses, patient_id, policy):  # type: ignore[no-untyped-def]
    widget = show(InsuranceTab(uictx, status=statuses.append))
    widget.set_patient(patient_id)
    assert widget.select_policy(policy.id)
    return widget


def test_log_an_eligibility_check(qtbot, tab, drive_dialog, statuses, policy, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    earlier = eligibility.log_check(desk_ctx, policy.id, CheckInput("01/05/2026", "fax", "inactive",
                                                                    reference_number="F-1"))

    def fill(dialog: EligibilityDialog) -> None:
        assert dialog.history.rowCount() == 1 and dialog.history.record(0).id == earlier.id
        assert dialog.checked_on.text() == us(TODAY)
        click(qtbot, dialog.ok_button)  # method and result not chosen yet
        error = dialog.form.error_label("method")
        assert error.isVisible() and "How it was checked" in error.text()
        pick(qtbot, dialog.method, "Phone")
        qtbot.keyClicks(dialog.payer_contact, "Dana at Aetna")
        qtbot.keyClicks(dialog.reference_number, "REF-4411")
        pick(qtbot, dialog.check_result, "Active")
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "Deductible met")
        click(qtbot, dialog.ok_button)

    drive_dialog(EligibilityDialog, fill)
    click(qtbot, tab.check_button)
    assert statuses[-1] == "Logged eligibility check of Aetna: Active."
    checks = eligibility.list_checks(desk_ctx, policy.id)
    newest = checks[0]
    assert (newest.method, newest.result, newest.reference_number, newest.note) == (
        "phone", "active", "REF-4411", "Deductible met")
    assert f"{us(TODAY)} by phone: Active, ref REF-4411 (rita)" in tab.details.text()


def test_eligibility_history_model_rows(qtbot, uictx, policy, desk_ctx, show) -> None:  # type: ignore[no-untyped-def]
    eligibility.log_check(desk_ctx, policy.id, CheckInput(TODAY, "portal", "active", payer_contact="Availity",
                                                          note="two\nlines"))
    dialog = show(EligibilityDialog(uictx, policy), 900, 600)
    assert cells(dialog.history, 0) == [us(TODAY), "Payer portal", "Active", "Availity", "", "rita", "two lines"]
    snap(dialog, "eligibility-dialog")


def test_attach_front_image_and_see_it(qtbot, tab, statuses, policy, monkeypatch, tmp_path, desk_ctx,  # type: ignore[no-untyped-def]
                                       admin_ctx, drive_dialog) -> None:
    card = tmp_path / "front.png"
    card.write_bytes(png_bytes())
    asked: list[str] = []
    monkeypatch.setattr(CardFileChooser, "ask", classmethod(lambda cls, parent, side: asked.append(side) or card))
    shown: list[CardImagesDialog] = []

    def look(dialog: CardImagesDialog) -> None:
        shown.append(dialog)
        front = dialog.panels["front"]
        assert not front.has_image() and "No front image" in front.image.text()
        click(qtbot, front.attach_button)
        assert asked == ["Front"]
        assert front.has_image() and front.image.pixmap() is not None and not front.image.pixmap().isNull()
        assert front.info.text().startswith("PNG, 1 KB, attached ") and front.info.text().endswith("by rita")
        assert not dialog.panels["back"].has_image()
        snap(dialog, "card-images-dialog")
        dialog.accept()

    drive_dialog(CardImagesDialog, look, result=lambda dialog: dialog.changed)
    click(qtbot, tab.cards_button)
    assert statuses[-1] == "Card images of the Aetna policy updated."
    assert insurance.get_policy(desk_ctx, policy.id).card_sides == ("front",)
    assert "Card images: front." in tab.details.text()
    # Opening again shows the stored image through the audited get.
    before = len(audit.list_events(admin_ctx, audit.AuditFilter(action="patient.view")))
    again = CardImagesDialog(uictx=tab.uictx, policy=policy)
    qtbot.addWidget(again)
    assert again.panels["front"].has_image() and not again.panels["front"].image.pixmap().isNull()
    views = audit.list_events(admin_ctx, audit.AuditFilter(action="patient.view"))
    assert len(views) == before + 1 and views[0].detail == "card image: front"


def test_not_an_image_and_remove(qtbot, uictx, policy, monkeypatch, tmp_path, show, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "card.png"
    bogus.write_bytes(b"this is not a picture")
    good = tmp_path / "back.png"
    good.write_bytes(png_bytes(colour="#aa3300"))
    choices = iter([bogus, good])
    monkeypatch.setattr(CardFileChooser, "ask", classmethod(lambda cls, parent, side: next(choices)))
    questions: list[str] = []
    monkeypatch.setattr(ConfirmDialog, "ask",
                        classmethod(lambda cls, parent, title, text, action: questions.append(text) or True))
    dialog = show(CardImagesDialog(uictx, policy), 900, 420)
    back = dialog.panels["back"]
    click(qtbot, back.attach_button)
    assert back.error.isVisible() and "PNG or JPEG" in back.error.text() and not back.has_image()
    click(qtbot, back.attach_button)
    assert back.has_image() and not back.error.isVisible()
    assert back.remove_button.isEnabled()
    with qtbot.waitSignal(back.remove_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Re&move back
    assert questions == ["Remove the back image of this card? It is deleted for good."]
    assert not back.has_image() and "No back image" in back.image.text()
    assert insurance.get_policy(desk_ctx, policy.id).card_sides == ()


def test_missing_file_is_explained(qtbot, uictx, policy, monkeypatch, tmp_path, show) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(CardFileChooser, "ask", classmethod(lambda cls, parent, side: tmp_path / "gone.png"))
    dialog = show(CardImagesDialog(uictx, policy), 900, 420)
    click(qtbot, dialog.panels["front"].attach_button)
    assert dialog.panels["front"].error.text().startswith("\u26a0 Could not read gone.png")
