"""Admin > Schedule resources: a room, a type with a colour (swatch and words), slot size and time zone."""

from __future__ import annotations

import random

import pytest
from calx_helpers import click, column_texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from frontdesk.services.admin import providers
from frontdesk.services.scheduling import schedule_catalog, schedule_setup
from frontdesk.services._base import ServiceContext
from frontdesk.demo.data import fake_npi
from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo, RoomInfo
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.schedule_models import RoomsModel, TypesModel
from frontdesk.ui.admin.schedule_resource_dialogs import (
    AppointmentTypeDialog,
    ColourChooser,
    RoomDialog,
)
from frontdesk.ui.admin.schedule_resources_tab import ScheduleResourcesTab


@pytest.fixture
def pane(qtbot, uictx, statuses) -> AdminPane:  # type: ignore[no-untyped-def]
    widget = AdminPane(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def tab(pane) -> ScheduleResourcesTab:  # type: ignore[no-untyped-def]
    return pane.show_tab("schedule_resources")


@pytest.fixture
def doctors(uictx, practice) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    admin = ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)
    rng = random.Random(2)
    return (providers.add_provider(admin, "Maria", "Alvarez", fake_npi(rng), "MD").id,
            providers.add_provider(admin, "James", "Okafor", fake_npi(rng), "DO").id)


def test_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rooms = RoomsModel()
    rooms.set_rows([RoomInfo(1, "Exam 1", True), RoomInfo(2, "Old room", False)])
    qtmodeltester.check(rooms)
    assert column_texts(rooms, 1) == ["Old room", "Out of use"]
    types = TypesModel(lambda pid: {1: "Maria Alvarez, MD"}.get(pid, "?"))
    types.set_rows([AppointmentTypeInfo(1, "Physical", 60, "#7ED321", True, (1,)),
                    AppointmentTypeInfo(2, "Office visit", 30, "#4A90D9", True, ())])
    qtmodeltester.check(types)
    assert column_texts(types, 0) == ["Physical", "60 min", "Green (#7ED321)", "Maria Alvarez, MD", "Active"]
    assert column_texts(types, 1)[3] == "Every provider"
    swatch = types.index(0, 2).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(swatch, QColor) and swatch.name().upper() == "#7ED321"


def test_add_a_room_then_rename_it_and_take_it_out_of_use(qtbot, tab, uictx, statuses, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    assert "No exam rooms yet" in tab.rooms.notice.text()

    def add(dialog: RoomDialog) -> None:
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("name").isVisible(), "a room needs a name"
        qtbot.keyClicks(dialog.name, "Exam 3")
        click(qtbot, dialog.ok_button)

    drive_dialog(RoomDialog, add)
    click(qtbot, tab.add_room_button)
    assert statuses[-1] == "Added exam room Exam 3."
    assert column_texts(tab.rooms.model, 0) == ["Exam 3", "Active"] and tab.rooms.selected().name == "Exam 3"

    def rename(dialog: RoomDialog) -> None:
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Procedure room")
        click(qtbot, dialog.ok_button)

    drive_dialog(RoomDialog, rename)
    qtbot.keyClick(tab.rooms.view, Qt.Key.Key_Return)  # Enter on a room renames it
    assert statuses[-1] == "Renamed room Exam 3 to Procedure room."
    assert tab.room_use_button.text() == "Take out of &use"
    click(qtbot, tab.room_use_button)
    assert column_texts(tab.rooms.model, 0) == ["Procedure room", "Out of use"]
    assert tab.room_use_button.text() == "Put back in &use"
    assert schedule_catalog.list_rooms(uictx.services) == []


def test_add_a_type_with_a_colour_and_its_providers(qtbot, tab, uictx, statuses, doctors, drive_dialog,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    dr_a, _dr_b = doctors
    monkeypatch.setattr(ColourChooser, "ask", classmethod(lambda cls, parent, current: "#d0021b"))

    def fill(dialog: AppointmentTypeDialog) -> None:
        qtbot.keyClicks(dialog.name, "Flu shot")
        dialog.minutes.setValue(10)
        assert dialog.colour.text() == "Blue (#4A90D9)\u2026"
        click(qtbot, dialog.colour)
        assert dialog.colour.text() == "Red (#D0021B)\u2026" and not dialog.colour.icon().isNull()
        dialog.providers.set_checked([dr_a])
        click(qtbot, dialog.ok_button)

    drive_dialog(AppointmentTypeDialog, fill)
    click(qtbot, tab.add_type_button)
    assert statuses[-1] == "Added appointment type Flu shot (10 min, Red (#D0021B))."
    model = tab.types.model
    assert column_texts(model, 0) == ["Flu shot", "10 min", "Red (#D0021B)", "Maria Alvarez, MD", "Active"]
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).name().upper() == "#D0021B"
    saved = schedule_catalog.list_appointment_types(uictx.services)
    assert [(t.name, t.default_minutes, t.colour, t.provider_ids) for t in saved] == [
        ("Flu shot", 10, "#D0021B", (dr_a,))]
    click(qtbot, tab.type_use_button)
    assert column_texts(model, 0)[-1] == "Out of use" and statuses[-1] == "Flu shot is no longer offered."


def test_a_duplicate_type_name_is_refused_beside_the_name(qtbot, tab, uictx, practice, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    schedule_catalog.add_appointment_type(ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit),
                                          "Physical", 60, "#7ED321")

    def fill(dialog: AppointmentTypeDialog) -> None:
        qtbot.keyClicks(dialog.name, "Physical")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("name")
        assert error.isVisible() and "already an appointment type called Physical" in error.text()
        dialog.reject()

    drive_dialog(AppointmentTypeDialog, fill)
    click(qtbot, tab.add_type_button)
    assert tab.types.model.rowCount() == 1


def test_slot_size_and_time_zone(qtbot, tab, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    assert tab.time_zone.currentData() == "America/New_York" and tab.slot.currentData() == 15
    assert tab.time_zone.currentText() == "Eastern \u2014 America/New_York"
    tab.time_zone.setCurrentIndex(tab.time_zone.findData("America/Chicago"))
    tab.slot.setCurrentIndex(tab.slot.findData(10))
    click(qtbot, tab.save_settings_button)
    assert statuses[-1] == "Saved calendar settings: America/Chicago, 10-minute slots."
    settings = schedule_setup.get_schedule_settings(uictx.services)
    assert (settings.time_zone, settings.slot_minutes) == ("America/Chicago", 10)
