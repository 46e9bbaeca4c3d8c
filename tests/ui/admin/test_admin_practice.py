"""The Practice settings tab: prefilled identity, field errors that keep what was typed, the idle lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from uisupport import click, retype

from frontdesk.services.admin import practice as practice_service


@pytest.fixture
def tab(pane):  # type: ignore[no-untyped-def]
    return pane.show_tab("practice")


def saved(uictx):  # type: ignore[no-untyped-def]
    return practice_service.get_practice(uictx.services)


def test_prefilled_with_us_formats(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.edits["legal_name"].text() == "Test Family Practice"
    assert tab.edits["phone"].text() == "(518) 555-0123"
    assert tab.edits["ein"].text() == "12-3456789"
    assert tab.edits["zip_code"].text() == "12207"
    assert tab.minutes.value() == 10
    assert not tab.identity_dirty()


def test_bad_zip_error_beside_zip_and_typed_values_stay(qtbot, tab, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, tab.edits["city"], "Troy")
    retype(qtbot, tab.edits["zip_code"], "1218")
    retype(qtbot, tab.edits["phone"], "518 555 0100")
    click(qtbot, tab.save_button)
    error = tab.form.error_label("zip_code")
    assert error.isVisible() and "ZIP code must be 5 digits" in error.text()
    assert not tab.form.error_label("city").isVisible()
    # Nothing typed is lost, nothing is saved.
    assert tab.edits["city"].text() == "Troy"
    assert tab.edits["zip_code"].text() == "1218"
    assert tab.edits["phone"].text() == "518 555 0100"
    assert saved(uictx).city == "Albany"
    assert statuses == []

    retype(qtbot, tab.edits["zip_code"], "12180")
    qtbot.keyClick(tab.edits["zip_code"], Qt.Key.Key_Return)  # Enter saves too
    assert not error.isVisible()
    assert statuses[-1] == "Practice details saved."
    info = saved(uictx)
    assert (info.city, info.zip_code, info.phone) == ("Troy", "12180", "+15185550100")
    assert tab.edits["phone"].text() == "(518) 555-0100", "the saved phone is shown formatted"
    assert not tab.identity_dirty()


def test_bad_ein_and_npi_errors_sit_beside_their_fields(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, tab.edits["ein"], "12-345")
    click(qtbot, tab.save_button)
    assert "EIN must be 9 digits" in tab.form.error_label("ein").text()
    retype(qtbot, tab.edits["ein"], "12-3456789")
    retype(qtbot, tab.edits["billing_npi"], "1234567890")
    click(qtbot, tab.save_button)
    assert not tab.form.error_label("ein").isVisible()
    assert "check digit" in tab.form.error_label("billing_npi").text()


def test_idle_lock_minutes_saved(qtbot, tab, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, tab.minutes, "5")
    assert tab.minutes.value() == 5
    click(qtbot, tab.save_minutes_button)
    assert saved(uictx).idle_lock_minutes == 5
    assert statuses[-1] == "The screen will lock after 5 minutes of inactivity."
    assert not tab.minutes_dirty()


def test_spin_box_keeps_to_the_allowed_range(tab) -> None:  # type: ignore[no-untyped-def]
    assert (tab.minutes.minimum(), tab.minutes.maximum()) == (1, 60)


def test_background_refresh_does_not_overwrite_unsaved_typing(qtbot, tab, uictx) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, tab.edits["legal_name"], "Renamed Practice")
    # Saving the lock time commits a 'practice' change, which refreshes this tab.
    retype(qtbot, tab.minutes, "15")
    click(qtbot, tab.save_minutes_button)
    assert saved(uictx).idle_lock_minutes == 15
    assert tab.edits["legal_name"].text() == "Renamed Practice"
    assert tab.identity_dirty()
    click(qtbot, tab.revert_button)
    assert tab.edits["legal_name"].text() == "Test Family Practice"


def test_change_from_elsewhere_refreshes_a_clean_form(tab, uictx, notifying_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    practice_service.set_idle_lock_minutes(notifying_ctx(practice.actor), 30)
    assert tab.minutes.value() == 30
