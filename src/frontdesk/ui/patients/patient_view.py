"""The read-only patient summary shown after opening a record."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_phone
from frontdesk.services.patients import PatientRecord
from frontdesk.ui.patients.display import address_lines, dob_with_age, sex_label

NOT_GIVEN = "\u2014 not given"


class PatientView(QWidget):
    """Name, birth date with age, sex, phone, address and account number; Edit asks for the form."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_view")
        self._record: PatientRecord | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("view_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in (("name", "Name:"), ("dob", "Date of birth:"), ("sex", "Sex:"),
                            ("phone", "Phone:"), ("address", "Address:"), ("account_number", "Account #:")):
            value = QLabel(self)
            value.setObjectName(f"view_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(label, self), value)
            self.values[name] = value

        self.edit_button = QPushButton("&Edit (Ctrl+E)", self)
        self.edit_button.setObjectName("edit_patient")
        self.edit_button.clicked.connect(self.edit_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    @property
    def record(self) -> PatientRecord | None:
        return self._record

    def show_record(self, record: PatientRecord) -> None:
        """Fill every field from ``record``."""
        self._record = record
        full_name = " ".join(part for part in (record.first_name, record.middle_name, record.last_name) if part)
        self.heading.setText(f"{record.last_name}, {record.first_name}")
        self.values["name"].setText(full_name)
        self.values["dob"].setText(dob_with_age(record.dob))
        self.values["sex"].setText(sex_label(record.sex))
        self.values["phone"].setText(format_phone(record.phone) or NOT_GIVEN)
        self.values["address"].setText(address_lines(record.address_line1, record.address_line2, record.city,
                                                     record.state, record.zip_code) or NOT_GIVEN)
        self.values["account_number"].setText(record.account_number)

    def clear(self) -> None:
        """Forget the record (e.g. when the user changes) so no PHI stays on screen."""
        self._record = None
        self.heading.clear()
        for value in self.values.values():
            value.clear()
