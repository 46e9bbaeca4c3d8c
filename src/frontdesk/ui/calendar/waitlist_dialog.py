"""Add to waitlist: the patient (searched), what they wait for, and their preferred providers, days and times."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.services.scheduling import waitlist as waitlist_service
from frontdesk.services.scheduling.waitlist import WaitlistEntryInfo, WaitlistInput
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.calendar.extras_data import Catalog
from frontdesk.ui.calendar.waitlist_picker import WaitlistPatientPicker
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.schedule_inputs import (
    ProviderChecklist,
    WeekdayChecks,
    date_edit,
    from_qdate,
    time_edit,
)

DEFAULT_LENGTH = 30


def _optional(parent: QWidget, label: str, editor: QWidget) -> tuple[QWidget, QCheckBox]:
    """A check box that switches an editor on; off means 'no preference'."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    check = QCheckBox(label, box)
    editor.setParent(box)
    editor.setEnabled(False)
    check.toggled.connect(editor.setEnabled)
    row.addWidget(check)
    row.addWidget(editor)
    row.addStretch(1)
    box.setFocusProxy(check)
    return box, check


class WaitlistEntryDialog(ServiceFormDialog):
    """Collect a waitlist entry -> waitlist.add_to_waitlist."""

    def __init__(self, uictx: UiContext, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Add to waitlist", "&Add to waitlist", parent)
        self.catalog = catalog
        self.picker = WaitlistPatientPicker(uictx, self)
        self.type_combo = QComboBox(self)
        self.type_combo.addItem("Any visit (give the length)", None)
        for appt_type in catalog.active_types():
            self.type_combo.addItem(f"{appt_type.name} ({appt_type.default_minutes} min)", appt_type.id)
        self.length = QSpinBox(self)
        self.length.setRange(5, 720)
        self.length.setSingleStep(5)
        self.length.setSuffix(" min")
        self.length.setValue(DEFAULT_LENGTH)
        self.length.setMaximumWidth(140)
        self.providers = ProviderChecklist(self, rows=3)
        self.providers.set_providers([(p.id, p.display_name) for p in catalog.active_providers()])
        self.weekdays = WeekdayChecks(self)
        self.earliest_time = time_edit(self, time(8), field="earliest", label="Earliest start")
        self.latest_time = time_edit(self, time(17), field="latest", label="Latest end")
        earliest, self.use_earliest = _optional(self, "Not &before", self.earliest_time)
        latest, self.use_latest = _optional(self, "Done b&y", self.latest_time)
        self.until_date = date_edit(self, uictx.clock.today() + timedelta(days=60))
        until, self.use_until = _optional(self, "Stop looking a&fter", self.until_date)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.note.setPlaceholderText("optional, e.g. can come at short notice")
        self.form.add_field("patient_id", "&Patient:", self.picker)
        self.form.add_field("type_id", "&Visit type:", self.type_combo)
        self.form.add_field("length_minutes", "&Length:", self.length)
        self.form.add_field("provider_ids", "P&roviders:", self.providers)
        self.form.add_field("weekdays", "&Days:", self.weekdays)
        self.form.add_field("earliest", "Earliest start:", earliest)
        self.form.add_field("latest", "Latest end:", latest)
        self.form.add_field("until", "Until:", until)
        self.form.add_field("note", "&Note:", self.note)
        self.form.layout_.addRow("", _hint(self, "Leave providers or days unticked for any."))
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.picker.chosen.connect(self.type_combo.setFocus)
        self.setMinimumWidth(660)  # room for the patient results' columns
        self.picker.setFocus()

    def _type_changed(self) -> None:
        appt_type = self.catalog.type_of(self.type_combo.currentData())
        if appt_type is not None:
            self.length.setValue(appt_type.default_minutes)
        offering = self.catalog.offering(appt_type.id) if appt_type else self.catalog.active_providers()
        self.providers.set_providers([(p.id, p.display_name) for p in offering])

    def entry(self) -> WaitlistInput:
        """The entry the form describes."""
        patient = self.picker.patient()
        if patient is None:
            raise ValidationError("patient_id", "Search for the patient and choose them from the list.")
        type_id = self.type_combo.currentData()
        return WaitlistInput(
            patient_id=patient.id, length_minutes=self.length.value(),
            type_id=int(type_id) if type_id is not None else None,
            provider_ids=tuple(self.providers.checked_ids()), weekdays=self.weekdays.values(),
            earliest=self.earliest_time.value() if self.use_earliest.isChecked() else None,
            latest=self.latest_time.value() if self.use_latest.isChecked() else None,
            until=from_qdate(self.until_date.date()) if self.use_until.isChecked() else None,
            note=self.note.text())

    def check(self) -> None:
        self.entry()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(waitlist_service.add_to_waitlist, self.entry(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, catalog: Catalog) -> WaitlistEntryInfo | None:
        """Show the dialog; the new entry, or None when cancelled."""
        return cls.run(cls(uictx, catalog, parent))


def _hint(parent: QWidget, text: str) -> QWidget:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label
