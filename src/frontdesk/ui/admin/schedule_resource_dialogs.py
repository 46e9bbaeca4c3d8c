"""Dialogs of the Schedule resources tab: an exam room, an appointment type (length, colour, providers)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from frontdesk.services.scheduling import schedule_catalog
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo, RoomInfo
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.schedule_inputs import ProviderChecklist, colour_label

DEFAULT_COLOUR = "#4A90D9"


class ColourChooser:
    """The colour picker; tests replace :meth:`ask` with a function returning '#RRGGBB'."""

    @classmethod
    def ask(cls, parent: QWidget | None, current: str) -> str | None:
        """The chosen colour as '#RRGGBB', or None when cancelled."""
        colour = QColorDialog.getColor(QColor(current), parent, "Appointment type colour")
        return colour.name().upper() if colour.isValid() else None


class ColourButton(QPushButton):
    """Shows the colour as a swatch AND in words ('Blue (#4A90D9)'); clicking opens the picker."""

    colour_changed = Signal(str)

    def __init__(self, colour: str = DEFAULT_COLOUR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = ""
        self.set_colour(colour)
        self.clicked.connect(self._choose)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = colour.upper()
        swatch = QPixmap(18, 18)
        swatch.fill(QColor(self._colour))
        self.setIcon(QIcon(swatch))
        self.setText(colour_label(self._colour) + "\u2026")
        self.setAccessibleName(f"Colour: {colour_label(self._colour)}")
        self.colour_changed.emit(self._colour)

    def _choose(self) -> None:
        chosen = ColourChooser.ask(self.window(), self._colour)
        if chosen:
            self.set_colour(chosen)


class RoomDialog(ServiceFormDialog):
    """Add an exam room, or rename one -> schedule_catalog.add_room / update_room."""

    def __init__(self, uictx: UiContext, room: RoomInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Rename room" if room else "Add exam room",
                         "&Rename" if room else "&Add room", parent)
        self.room = room
        self.name = QLineEdit(room.name if room else "", self)
        self.name.setMaxLength(40)
        self.name.setPlaceholderText("e.g. Exam 3")
        self.form.add_field("name", "Room &name:", self.name)
        self.name.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        if self.room is None:
            self.uictx.call(schedule_catalog.add_room, self.name.text(), on_done=on_done, on_error=on_error)
        else:
            self.uictx.call(schedule_catalog.update_room, self.room.id, self.name.text(), self.room.active,
                            on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, room: RoomInfo | None = None) -> RoomInfo | None:
        """Show the dialog; the saved room, or None when cancelled."""
        return cls.run(cls(uictx, room, parent))


class AppointmentTypeDialog(ServiceFormDialog):
    """Add or edit an appointment type -> schedule_catalog.add_appointment_type / update_appointment_type."""

    def __init__(self, uictx: UiContext, providers: list[ProviderInfo], appt_type: AppointmentTypeInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"Edit {appt_type.name}" if appt_type else "Add appointment type",
                         "&Save" if appt_type else "&Add type", parent)
        self.appt_type = appt_type
        self.name = QLineEdit(appt_type.name if appt_type else "", self)
        self.name.setMaxLength(60)
        self.name.setPlaceholderText("e.g. New patient visit")
        self.minutes = QSpinBox(self)
        self.minutes.setRange(5, 720)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min")
        self.minutes.setMaximumWidth(140)
        self.minutes.setValue(appt_type.default_minutes if appt_type else 30)
        self.colour = ColourButton(appt_type.colour if appt_type else DEFAULT_COLOUR, self)
        self.providers = ProviderChecklist(self, rows=5)
        listed = [(p.id, p.display_name) for p in providers
                  if p.active or (appt_type is not None and p.id in appt_type.provider_ids)]
        self.providers.set_providers(listed, appt_type.provider_ids if appt_type else ())
        self.form.add_field("name", "&Name:", self.name)
        self.form.add_field("default_minutes", "Default &length:", self.minutes)
        self.form.add_field("colour", "&Colour:", self.colour)
        self.form.add_field("provider_ids", "Offered &by:", self.providers)
        self.form.layout_.addRow("", _hint(self, "No provider ticked = every provider offers it."))
        self.name.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        args = (self.name.text(), self.minutes.value(), self.colour.colour(), self.providers.checked_ids())
        if self.appt_type is None:
            self.uictx.call(schedule_catalog.add_appointment_type, *args, on_done=on_done, on_error=on_error)
        else:
            self.uictx.call(schedule_catalog.update_appointment_type, self.appt_type.id, *args,
                            self.appt_type.active, on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, providers: list[ProviderInfo],
            appt_type: AppointmentTypeInfo | None = None) -> AppointmentTypeInfo | None:
        """Show the dialog; the saved type, or None when cancelled."""
        return cls.run(cls(uictx, providers, appt_type, parent))


def _hint(parent: QWidget, text: str) -> QWidget:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label
