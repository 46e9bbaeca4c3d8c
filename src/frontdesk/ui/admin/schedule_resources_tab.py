"""The Schedule resources tab: practice time zone and slot size, exam rooms, appointment types."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling import desk_blockouts, schedule_catalog, schedule_setup
from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo, RoomInfo
from frontdesk.services.scheduling.schedule_setup import SLOT_CHOICES, ScheduleSettings
from frontdesk.services.session import ServiceContext
from frontdesk.ui.admin.schedule_models import RoomsModel, TypesModel
from frontdesk.ui.admin.schedule_resource_dialogs import (
    AppointmentTypeDialog,
    RoomDialog,
)
from frontdesk.ui.admin.schedule_section import RecordSection
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import colour_label
from frontdesk.ui.widgets.tab_base import AdminTab

# US time zones a practice may be in (IANA name, what people call it).
US_TIME_ZONES = (
    ("America/New_York", "Eastern"),
    ("America/Detroit", "Eastern (Michigan)"),
    ("America/Indiana/Indianapolis", "Eastern (Indiana)"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Boise", "Mountain (Idaho)"),
    ("America/Phoenix", "Arizona (no daylight saving time)"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("America/Adak", "Hawaii-Aleutian (Adak)"),
    ("Pacific/Honolulu", "Hawaii (no daylight saving time)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico, U.S. Virgin Islands)"),
    ("Pacific/Guam", "Chamorro (Guam, Northern Mariana Islands)"),
    ("Pacific/Pago_Pago", "Samoa (American Samoa)"),
)


@dataclass(frozen=True)
class ResourcesSetup:
    """Everything the tab shows."""

    settings: ScheduleSettings
    rooms: list[RoomInfo]
    types: list[AppointmentTypeInfo]
    providers: list[ProviderInfo]
    desk_blockouts: bool = False  # the front desk may block out time from the calendar


def load_resources(ctx: ServiceContext) -> ResourcesSetup:
    """Settings, rooms and types (out-of-use ones too) and the providers who may offer them."""
    return ResourcesSetup(schedule_setup.get_schedule_settings(ctx),
                          schedule_catalog.list_rooms(ctx, include_inactive=True),
                          schedule_catalog.list_appointment_types(ctx, include_inactive=True),
                          providers_service.list_providers(ctx, include_inactive=True),
                          desk_blockouts.desk_blockouts_allowed(ctx))


class ScheduleResourcesTab(AdminTab):
    """What the calendar is made of: its clock and grid, the rooms and the kinds of visit."""

    topics = frozenset({"schedule_setup", "providers", "practice"})
    permission = Permission.VIEW_SCHEDULE
    denied_text = "Your role does not allow viewing the schedule set-up."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.data: ResourcesSetup | None = None
        self.notice = Notice(self)
        self.time_zone = QComboBox(self)
        for name, label in US_TIME_ZONES:
            self.time_zone.addItem(f"{label} \u2014 {name}", name)
        self.slot = QComboBox(self)
        for minutes in SLOT_CHOICES:
            self.slot.addItem(f"{minutes} minutes", minutes)
        self.settings_form = ValidatedForm(self)
        self.settings_form.add_field("time_zone", "&Time zone:", self.time_zone)
        self.settings_form.add_field("slot_minutes", "Slot &size:", self.slot)
        # Off by default: blocking a provider's time changes what can be booked, so the practice opts in.
        self.desk_blockouts = QCheckBox("The front desk may &block out time (e.g. the doctor is out sick)", self)
        self.desk_blockouts.setToolTip("From the calendar, for today or the coming days (up to two weeks); the "
                                       "visits booked in that time are listed, never moved or cancelled.")
        self.settings_form.add_field("desk_blockouts", "", self.desk_blockouts)
        self.save_settings_button = QPushButton("&Save settings", self)
        settings_box = QGroupBox("Calendar settings", self)
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addWidget(self.settings_form)
        note = QLabel("Booked appointments keep their moment; working hours and blockouts are read in the new "
                      "time zone.", settings_box)
        note.setWordWrap(True)
        settings_layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addStretch(1)
        settings_layout.addLayout(row)

        self.rooms = RecordSection("Exam rooms", RoomsModel(self), self)
        self.add_room_button = self.rooms.add_button("Add &room\u2026")
        self.rename_room_button = self.rooms.add_button("Re&name\u2026", opens=True)
        self.room_use_button = self.rooms.add_button("Take out of &use")
        self.types = RecordSection("Appointment types", TypesModel(self._name, self), self, visible_rows=6)
        self.add_type_button = self.types.add_button("Add &type\u2026")
        self.edit_type_button = self.types.add_button("&Edit type\u2026", opens=True)
        self.type_use_button = self.types.add_button("Stop &offering")

        left = QVBoxLayout()
        left.addWidget(settings_box)
        left.addWidget(self.rooms, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.types, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(columns, 1)

        self.save_settings_button.clicked.connect(self.save_settings)
        self.add_room_button.clicked.connect(self._add_room)
        self.rename_room_button.clicked.connect(self._rename_room)
        self.room_use_button.clicked.connect(self._toggle_room)
        self.add_type_button.clicked.connect(self._add_type)
        self.edit_type_button.clicked.connect(self._edit_type)
        self.type_use_button.clicked.connect(self._toggle_type)
        self.rooms.selection_changed.connect(self._update_buttons)
        self.types.selection_changed.connect(self._update_buttons)
        self._update_buttons()

    # -- data ----------------------------------------------------------------------------------
    def _name(self, provider_id: int) -> str:
        found = next((p for p in self.data.providers if p.id == provider_id), None) if self.data else None
        return found.display_name if found else f"Provider #{provider_id}"

    def load(self) -> None:
        self.call(load_resources, on_done=self._loaded)

    def _loaded(self, data: ResourcesSetup) -> None:
        self.data = data
        self.notice.clear_text()
        self._show_settings(data.settings)
        self.rooms.set_rows(data.rooms, "No exam rooms yet. Add them with Add room\u2026")
        self.types.set_rows(data.types, "No appointment types yet. Add one with Add type\u2026")
        self._update_buttons()

    def _show_settings(self, settings: ScheduleSettings) -> None:
        if self.time_zone.findData(settings.time_zone) < 0:  # set elsewhere to a zone not in the list
            self.time_zone.addItem(settings.time_zone, settings.time_zone)
        self.time_zone.setCurrentIndex(self.time_zone.findData(settings.time_zone))
        self.slot.setCurrentIndex(max(self.slot.findData(settings.slot_minutes), 0))
        self.desk_blockouts.setChecked(self.data.desk_blockouts if self.data is not None else False)
        self.settings_form.clear_errors()

    def clear(self, reason: str) -> None:
        self.data = None
        self.rooms.set_rows([])
        self.types.set_rows([])
        if reason:
            self.notice.show_text(reason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_SCHEDULE_SETUP) and self.data is not None
        room, appt_type = self.rooms.selected(), self.types.selected()
        for widget in (self.time_zone, self.slot, self.desk_blockouts, self.save_settings_button,
                       self.add_room_button, self.add_type_button):
            widget.setEnabled(manage)
        self.rename_room_button.setEnabled(manage and room is not None)
        self.room_use_button.setEnabled(manage and room is not None)
        self.room_use_button.setText("Put back in &use" if room is not None and not room.active else "Take out of &use")
        self.edit_type_button.setEnabled(manage and appt_type is not None)
        self.type_use_button.setEnabled(manage and appt_type is not None)
        self.type_use_button.setText("&Offer again" if appt_type is not None and not appt_type.active
                                     else "Stop &offering")

    # -- settings ------------------------------------------------------------------------------
    def save_settings(self) -> None:
        """Store the time zone and slot size."""
        if not self.save_settings_button.isEnabled():
            return
        self.settings_form.clear_errors()
        desk = self.desk_blockouts.isChecked()
        self.call(schedule_setup.set_schedule_settings, self.time_zone.currentData(), self.slot.currentData(),
                  on_done=lambda s: self._settings_saved(s, desk), on_error=self._settings_failed)

    def _settings_saved(self, settings: ScheduleSettings, desk: bool) -> None:
        said = f"Saved calendar settings: {settings.time_zone}, {settings.slot_minutes}-minute slots"
        if self.data is None or desk == self.data.desk_blockouts:
            self.status(f"{said}.")
            return
        # Its own audited change (set_desk_blockouts), made only when the box was changed.
        self.call(desk_blockouts.set_desk_blockouts, desk,
                  on_done=lambda on: self.status(f"{said}; the front desk {'may' if on else 'may no longer'} "
                                                 "block out time."),
                  on_error=self._settings_failed)

    def _settings_failed(self, exc: BaseException) -> None:
        if not self.settings_form.show_exception(exc):
            ErrorPresenter(self)(exc)

    # -- rooms ---------------------------------------------------------------------------------
    def _add_room(self) -> None:
        room = RoomDialog.ask(self, self.uictx, None)
        if room is not None:
            self.rooms.select(room.id)
            self.status(f"Added exam room {room.name}.")

    def _rename_room(self) -> None:
        room = self.rooms.selected()
        if room is None:
            return
        saved = RoomDialog.ask(self, self.uictx, room)
        if saved is not None:
            self.status(f"Renamed room {room.name} to {saved.name}.")

    def _toggle_room(self) -> None:
        room = self.rooms.selected()
        if room is None:
            return
        self.call(schedule_catalog.update_room, room.id, room.name, not room.active,
                  on_done=lambda r: self.status(f"Room {r.name} is {'in use again' if r.active else 'out of use'}."))

    # -- appointment types ---------------------------------------------------------------------
    def _add_type(self) -> None:
        if self.data is None:
            return
        added = AppointmentTypeDialog.ask(self, self.uictx, self.data.providers, None)
        if added is not None:
            self.types.select(added.id)
            self.status(f"Added appointment type {added.name} ({added.default_minutes} min, "
                        f"{colour_label(added.colour)}).")

    def _edit_type(self) -> None:
        appt_type = self.types.selected()
        if appt_type is None or self.data is None:
            return
        saved = AppointmentTypeDialog.ask(self, self.uictx, self.data.providers, appt_type)
        if saved is not None:
            self.status(f"Saved appointment type {saved.name}.")

    def _toggle_type(self) -> None:
        t = self.types.selected()
        if t is None:
            return
        self.call(schedule_catalog.update_appointment_type, t.id, t.name, t.default_minutes, t.colour,
                  list(t.provider_ids), not t.active,
                  on_done=lambda s: self.status(f"{s.name} is {'offered again' if s.active else 'no longer offered'}."))
