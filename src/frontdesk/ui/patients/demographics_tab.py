"""The Demographics tab of an open patient: every saved field, read-only, in two columns (Edit opens the form)."""

from __future__ import annotations

from datetime import date
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.domain.referral_sources import referral_source_label
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.ui.widgets.patient_display import address_lines, dob_with_age, sex_label

NOT_GIVEN = "\u2014"
_KIND = {"home": "Home", "mobile": "Mobile", "work": "Work", "": NOT_GIVEN}
_CONTACT = {"": "No preference", "phone": "Phone", "text": "Text message", "email": "E-mail", "mail": "Mail"}


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def demographic_rows(r: PatientRecord, today: date) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(key, label, text) rows for the left and right columns (the age on the practice's ``today``)."""
    name = " ".join(p for p in (r.first_name, r.middle_name, r.last_name, r.suffix) if p)
    status = r.status.capitalize() + (f" ({format_date(r.deceased_date)})" if r.deceased_date else "")
    left = [("name", "Name:", name), ("preferred_name", "Preferred name:", r.preferred_name),
            ("dob", "Date of birth:", dob_with_age(r.dob, today)), ("sex", "Sex:", sex_label(r.sex)),
            ("gender_identity", "Gender identity:", r.gender_identity), ("status", "Status:", status),
            ("address", "Address:", address_lines(r.address_line1, r.address_line2, r.city, r.state, r.zip_code)),
            ("account_number", "Account #:", r.account_number)]
    emergency = " \u2022 ".join(p for p in (r.emergency_name, r.emergency_relationship,
                                            format_phone(r.emergency_phone)) if p)
    referring = r.referring_name + (f" (NPI {r.referring_npi})" if r.referring_npi else "")
    right = [("home_phone", "Home phone:", format_phone(r.home_phone)),
             ("mobile_phone", "Mobile phone:", format_phone(r.mobile_phone)),
             ("work_phone", "Work phone:", format_phone(r.work_phone)),
             ("phone", "Preferred phone:", f"{format_phone(r.phone)} ({_KIND.get(r.preferred_phone_kind, '')})"
              if r.phone else ""),
             ("email", "E-mail:", r.email), ("preferred_contact", "Contact by:", _CONTACT.get(r.preferred_contact, "")),
             ("permissions", "Permissions:", f"Voicemail: {_yes(r.voicemail_ok)}; texts: {_yes(r.text_ok)}"),
             ("preferred_language", "Language:", r.preferred_language), ("emergency", "Emergency contact:", emergency),
             ("referring", "Referring provider:", referring),
             ("referral_source", "Referral source:", referral_source_label(r.referral_source)),
             ("notes", "Notes:", r.notes)]
    return left, right


class DemographicsTab(QScrollArea):
    """Read-only demographics; ``edit_requested`` from its Edit button (Ctrl+E in the pane)."""

    edit_requested = Signal()

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demographics_tab")
        self.clock = clock
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.values: dict[str, QLabel] = {}
        columns = QHBoxLayout()
        self._forms = (QFormLayout(), QFormLayout())
        for form in self._forms:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            columns.addLayout(form, 1)
        self.edit_button = QPushButton("&Edit (Ctrl+E)", body)
        self.edit_button.setObjectName("edit_patient")
        self.edit_button.clicked.connect(self.edit_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addLayout(columns)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._body = body
        self.setWidget(body)

    def show_record(self, record: PatientRecord) -> None:
        """Fill every value from ``record`` (rows built once, on the first record)."""
        for form, rows in zip(self._forms, demographic_rows(record, self.clock.today()), strict=True):
            for key, label, text in rows:
                value = self.values.get(key)
                if value is None:
                    value = QLabel(self._body)
                    value.setObjectName(f"view_{key}")
                    value.setWordWrap(True)
                    value.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
                    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    form.addRow(QLabel(label, self._body), value)
                    self.values[key] = value
                value.setText(text or NOT_GIVEN)

    def clear(self) -> None:
        for value in self.values.values():
            value.clear()
