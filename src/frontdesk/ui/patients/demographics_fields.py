"""The registration form's fields: widgets for every patient field the service knows, in two columns."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from frontdesk.domain.dates import parse_us_date
from frontdesk.domain.formats import format_phone
from frontdesk.domain.referral_sources import NOT_RECORDED, REFERRAL_SOURCES
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.errors import ValidationError
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.ui.widgets.form import ValidatedForm, show_on_forms
from frontdesk.ui.widgets.patient_display import age_text

# (service field name, label with mnemonic, max length, placeholder, narrow width in characters or 0)
TEXT_FIELDS = (
    ("first_name", "F&irst name:", 60, "", 0),
    ("middle_name", "&Middle name:", 60, "", 0),
    ("last_name", "&Last name:", 60, "", 0),
    ("suffix", "Suffix:", 10, "Jr., III", 8),
    ("preferred_name", "Pre&ferred name:", 60, "What they like to be called", 0),
    ("dob", "&Date of birth:", 10, "MM/DD/YYYY", 12),
    ("gender_identity", "&Gender identity:", 40, "Optional", 0),
    ("deceased_date", "Date of death:", 10, "MM/DD/YYYY", 12),
    ("address_line1", "Address line &1:", 80, "Street and number", 0),
    ("address_line2", "Address line &2:", 80, "Apartment, suite (optional)", 0),
    ("city", "Cit&y:", 60, "", 0),
    ("state", "Stat&e:", 2, "NY", 4),
    ("zip_code", "&ZIP:", 10, "12345 or 12345-6789", 11),
    ("home_phone", "&Home phone:", 40, "(555) 123-4567", 18),
    ("mobile_phone", "Mo&bile phone:", 40, "(555) 123-4567", 18),
    ("work_phone", "&Work phone:", 40, "(555) 123-4567", 18),
    ("email", "E-mail:", 254, "name@example.com", 0),
    ("preferred_language", "Language:", 40, "English", 0),
    ("emergency_name", "Emergency contact:", 120, "Name", 0),
    ("emergency_relationship", "Relationship:", 40, "Spouse, parent...", 0),
    ("emergency_phone", "Emergency &phone:", 40, "(555) 123-4567", 18),
    ("referring_name", "Referring pro&vider:", 120, "Name", 0),
    ("referring_npi", "Referring NPI:", 10, "10 digits", 12),
)
COMBOS = {
    "sex": (("Female (F)", "F"), ("Male (M)", "M")),
    "status": (("Active", "active"), ("Inactive", "inactive"), ("Deceased", "deceased")),
    "preferred_phone_kind": (("(none yet)", ""), ("Home", "home"), ("Mobile", "mobile"), ("Work", "work")),
    "preferred_contact": (("No preference", ""), ("Phone", "phone"), ("Text message", "text"),
                          ("E-mail", "email"), ("Mail", "mail")),
    # How they heard of the practice (the new-patients report); blank until someone asks them.
    "referral_source": ((NOT_RECORDED, ""), *((label, key) for key, label in REFERRAL_SOURCES.items())),
}
CHECKS = {"voicemail_ok": "Voicemail OK", "text_ok": "Text messages OK"}
PHONE_NAMES = ("home_phone", "mobile_phone", "work_phone", "emergency_phone")
DATE_NAMES = ("dob", "deceased_date")
# Mnemonics are unique across the form and the pane around it (Alt+letter jumps to one field); less
# common fields have none and are reached with Tab.
# Layout: left column is who they are and where they live; right is how to reach them and notes.
LEFT = ("first_name", "middle_name", "last_name", "suffix", "preferred_name", "dob", "sex", "gender_identity",
        "status", "deceased_date", "address_line1", "address_line2", "city", "state", "zip_code")
RIGHT = ("home_phone", "mobile_phone", "work_phone", "preferred_phone_kind", "email", "preferred_contact",
         "voicemail_ok", "text_ok", "preferred_language", "emergency_name", "emergency_relationship",
         "emergency_phone", "referring_name", "referring_npi", "notes")  # referral_source: on the NPI's row
LABELS = {name: label for name, label, *_rest in TEXT_FIELDS} | {
    "sex": "Se&x (claims):", "status": "Status:", "preferred_phone_kind": "Preferred phone:",
    "preferred_contact": "Contact by:", "voicemail_ok": "Permissions:", "text_ok": "",
    "notes": "N&otes (non-clinical):"}
FIELD_ORDER = LEFT + RIGHT
# Tab goes through the fields in reading order, the referral source after the NPI it shares a row with.
TAB_ORDER = tuple(n for name in FIELD_ORDER for n in ((name, "referral_source") if name == "referring_npi"
                                                      else (name,)))


class LetterCombo(QComboBox):
    """A choice whose items are picked by their first letter at once (the stock type-ahead can merge keys)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        letter = event.text().upper() if event.text() else ""
        index = next((i for i in range(self.count()) if letter and self.itemText(i).upper().startswith(letter)), -1)
        if letter.isalpha() and index >= 0:
            self.setCurrentIndex(index)
            event.accept()
        else:
            super().keyPressEvent(event)


class FormColumns(QWidget):
    """Two ValidatedForms side by side that act as one: errors land beside whichever column owns the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = ValidatedForm(self)
        self.right = ValidatedForm(self)
        self.form_error = self.left.form_error
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.left, 1)
        row.addSpacing(12)
        row.addWidget(self.right, 1)

    def owner(self, name: str) -> ValidatedForm | None:
        for form in (self.left, self.right):
            if name in form._fields:
                return form
        return None

    def error_label(self, name: str) -> QLabel:
        form = self.owner(name)
        if form is None:
            raise KeyError(name)
        return form.error_label(name)

    def clear_errors(self) -> None:
        self.left.clear_errors()
        self.right.clear_errors()

    def show_exception(self, exc: BaseException) -> bool:
        """Show an expected error beside its field (or above the left column); False for a bug."""
        return show_on_forms((self.left, self.right), exc)


class DemographicsFields:
    """Creates the widgets into a FormColumns and converts between them and the service's values."""

    def __init__(self, owner: QWidget, columns: FormColumns, clock: PracticeClock) -> None:
        self.clock = clock  # typed dates and ages read on the practice's today
        self.edits: dict[str, QLineEdit] = {}
        for name, _label, max_len, placeholder, narrow in TEXT_FIELDS:
            edit = QLineEdit(owner)
            edit.setMaxLength(max_len)
            edit.setPlaceholderText(placeholder)
            if narrow:
                edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * narrow + 24)
            self.edits[name] = edit
        self.combos: dict[str, QComboBox] = {}
        for name, items in COMBOS.items():
            combo = LetterCombo(owner)
            for text, data in items:
                combo.addItem(text, data)
            self.combos[name] = combo
        self.combos["sex"].setPlaceholderText("Choose F or M")  # no default: the receptionist must pick
        self.checks = {name: QCheckBox(text, owner) for name, text in CHECKS.items()}
        self.notes = QPlainTextEdit(owner)
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Not for clinical information")
        self.notes.setMaximumHeight(self.notes.fontMetrics().height() * 4 + 12)
        self.dob_hint = QLabel(owner)
        self.dob_hint.setObjectName("dob_hint")
        self.edits["dob"].textChanged.connect(self._update_dob_hint)
        self.combos["status"].currentIndexChanged.connect(self._update_deceased)
        for name in FIELD_ORDER:
            form = columns.left if name in LEFT else columns.right
            form.add_field(name, LABELS[name], self._field_widget(owner, name))
        self.edits["dob"].setObjectName("dob_edit")  # add_field named the DOB row box "dob"
        self._update_deceased()

    @property
    def sex(self) -> QComboBox:
        return self.combos["sex"]

    def widget(self, name: str) -> QWidget:
        """The input widget of a field (for focus and tab order)."""
        if name in self.edits:
            return self.edits[name]
        if name in self.combos:
            return self.combos[name]
        if name in self.checks:
            return self.checks[name]
        return self.notes

    def _field_widget(self, owner: QWidget, name: str) -> QWidget:
        if name == "referring_npi":
            # How the patient heard of the practice sits beside the referring physician, on the NPI's row (a row
            # of its own would push Save below the fold at 1366x768); the choice cannot be wrong, so no error
            # line of its own is needed.
            box = QWidget(owner)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            npi = self.edits[name]
            npi.setMinimumWidth(npi.fontMetrics().horizontalAdvance("0" * 10) + 14)  # ten digits stay readable
            row.addWidget(npi)
            label = QLabel("Referral source:", owner)
            label.setBuddy(self.combos["referral_source"])
            row.addWidget(label)
            source = self.combos["referral_source"]
            # Its longest item must not widen the column (the form would scroll sideways at 1366x768).
            source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            source.setMinimumContentsLength(7)
            row.addWidget(source, 1)
            box.setFocusProxy(self.edits[name])
            return box
        if name != "dob":
            return self.widget(name)
        # The DOB box echoes how the typed date was read ("= 03/14/1962, 64 y"), so 3/14/62 is no surprise.
        box = QWidget(owner)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edits["dob"])
        row.addWidget(self.dob_hint, 1)
        box.setFocusProxy(self.edits["dob"])
        return box

    def values(self) -> dict[str, object]:
        """Every field as typed, keyed by the service's field names (checkboxes as bools)."""
        current: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        for name, combo in self.combos.items():
            current[name] = combo.currentData() or ""
        for name, check in self.checks.items():
            current[name] = check.isChecked()
        current["notes"] = self.notes.toPlainText()
        return current

    def load(self, record: PatientRecord | None) -> None:
        """Show ``record``'s values (an empty form when None)."""
        for name, edit in self.edits.items():
            edit.setText(_shown(record, name) if record is not None else "")
        for name, combo in self.combos.items():
            wanted = getattr(record, name) if record is not None else ("active" if name == "status" else "")
            combo.setCurrentIndex(combo.findData(wanted) if name != "sex" or wanted else -1)
        for name, check in self.checks.items():
            check.setChecked(bool(getattr(record, name)) if record is not None else False)
        self.notes.setPlainText(record.notes if record is not None else "")

    def _update_deceased(self) -> None:
        self.edits["deceased_date"].setEnabled(self.combos["status"].currentData() == "deceased")

    def _update_dob_hint(self, text: str) -> None:
        try:
            parsed = parse_us_date(text, today=self.clock.today()) if text.strip() else None
        except ValidationError:
            parsed = None
        if parsed is None:
            self.dob_hint.setText("")
        elif parsed > self.clock.today():
            self.dob_hint.setText(f"= {parsed.strftime('%m/%d/%Y')} (in the future)")
        else:
            self.dob_hint.setText(f"= {parsed.strftime('%m/%d/%Y')}, {age_text(parsed, self.clock.today())}")


def _shown(record: PatientRecord, name: str) -> str:
    value = getattr(record, name)
    if name in DATE_NAMES:
        return value.strftime("%m/%d/%Y") if isinstance(value, date) else ""
    if name in PHONE_NAMES:
        return format_phone(value)
    return str(value or "")
