"""The Billing settings tab driven like a person: fill in, errors beside fields, production warning, roles."""

from __future__ import annotations

from PySide6.QtCore import Qt

from frontdesk.services.billing import billing_settings as settings_service
from frontdesk.ui.admin.billing_settings_tab import INCOMPLETE_TEXT


def retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def fill_all(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    for name, value in (("submitter_id", "fdsub01"), ("submitter_name", "Test Family Practice"),
                        ("contact_name", "Pat Biller"), ("contact_phone", "518 555 0100"),
                        ("receiver_id", "CLEARHOUSE1"), ("receiver_name", "Clear House EDI")):
        retype(qtbot, tab.edits[name], value)


def test_fresh_practice_shows_blanks_and_says_what_is_missing(tab) -> None:  # type: ignore[no-untyped-def]
    assert all(edit.text() == "" for edit in tab.edits.values())
    assert tab.usage.currentData() == "T"
    assert tab.notice.isVisible() and INCOMPLETE_TEXT in tab.notice.text()
    assert tab.save_button.isEnabled() and not tab.dirty()


def test_fill_in_and_save(qtbot, tab, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    fill_all(qtbot, tab)
    assert tab.dirty()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert statuses == ["Billing settings saved."]
    info = settings_service.get_billing_settings(uictx.services)
    assert (info.submitter_id, info.contact_phone, info.usage_indicator) == ("FDSUB01", "+15185550100", "T")
    assert tab.edits["submitter_id"].text() == "FDSUB01"  # the cleaned value is shown
    assert tab.edits["contact_phone"].text() == "(518) 555-0100"
    assert not tab.notice.isVisible() and not tab.dirty()


def test_error_sits_beside_its_field_and_typing_is_kept(qtbot, tab, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    fill_all(qtbot, tab)
    retype(qtbot, tab.edits["receiver_id"], "CH 1")
    qtbot.keyClick(tab.edits["receiver_id"], Qt.Key.Key_Return)  # Enter saves too
    error = tab.form.error_label("receiver_id")
    assert error.isVisible() and "only letters and digits" in error.text()
    assert not tab.form.error_label("submitter_id").isVisible()
    assert tab.edits["receiver_id"].text() == "CH 1" and tab.edits["submitter_id"].text() == "fdsub01"
    assert statuses == [] and settings_service.get_billing_settings(uictx.services).submitter_id == ""
    retype(qtbot, tab.edits["receiver_id"], "CH1")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible() and statuses == ["Billing settings saved."]


def test_production_shows_a_warning_with_text(qtbot, tab, uictx) -> None:  # type: ignore[no-untyped-def]
    fill_all(qtbot, tab)
    assert not tab.production_warning.isVisible()
    tab.usage.setFocus()
    qtbot.keyClick(tab.usage, Qt.Key.Key_Down)
    assert tab.usage.currentData() == "P"
    assert tab.production_warning.isVisible() and "Production" in tab.production_warning.text()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert settings_service.get_billing_settings(uictx.services).usage_indicator == "P"


def test_revert_puts_back_saved_values(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, tab.edits["submitter_name"], "Something")
    qtbot.mouseClick(tab.revert_button, Qt.MouseButton.LeftButton)
    assert tab.edits["submitter_name"].text() == "" and not tab.dirty()


def test_change_elsewhere_refreshes_but_keeps_unsaved_typing(qtbot, tab, uictx) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services._base import ServiceContext

    other = ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)
    settings_service.update_billing_settings(other, receiver_name="Another House")
    assert tab.edits["receiver_name"].text() == "Another House"
    retype(qtbot, tab.edits["contact_name"], "Half typed")
    settings_service.update_billing_settings(other, receiver_name="Third House")
    assert tab.edits["contact_name"].text() == "Half typed"


def test_front_desk_sees_read_only(qtbot, tab, uictx, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    uictx.set_actor(frontdesk_actor)
    assert tab.edits["submitter_id"].isReadOnly()
    assert not tab.save_button.isEnabled() and not tab.usage.isEnabled()
    assert "Only a biller or an administrator" in tab.notice.text()
