"""The registration / edit form: strings as typed go to the service, its errors come back per field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.dates import parse_us_date
from frontdesk.domain.formats import format_phone
from frontdesk.services import patients
from frontdesk.services.patients import PatientInput, PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.dialogs import DiscardChangesDialog
from frontdesk.ui.patients.display import age_text, display_name
from frontdesk.ui.widgets.form import ValidatedForm

# (service field name, label with mnemonic, max length, placeholder); sex and DOB are built apart.
_TEXT_FIELDS = (
    ("first_name", "F&irst name:", 60, ""),
    ("middle_name", "&Middle name:", 60, ""),
    ("last_name", "&Last name:", 60, ""),
    ("dob", "&Date of birth:", 10, "MM/DD/YYYY"),
    ("phone", "&Phone:", 40, "(555) 123-4567"),
    ("address_line1", "Address line &1:", 80, "Street and number"),
    ("address_line2", "Address line &2:", 80, "Apartment, suite (optional)"),
    ("city", "Cit&y:", 60, ""),
    ("state", "S&tate:", 2, "NY"),
    ("zip_code", "&ZIP:", 10, "12345"),
)
# Short values get short boxes (character widths), so the form reads like the paper it replaces.
_NARROW = {"dob": 12, "phone": 18, "state": 4, "zip_code": 11}
FIELD_ORDER = ("first_name", "middle_name", "last_name", "dob", "sex", "phone", "address_line1",
               "address_line2", "city", "state", "zip_code")


class SexCombo(QComboBox):
    """F or M; typing the letter picks it at once (the stock type-ahead can merge quick keystrokes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("Female (F)", "F")
        self.addItem("Male (M)", "M")
        self.setPlaceholderText("Choose F or M")  # no default: the receptionist must pick

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.findData(event.text().upper()) if event.text() else -1
        if index >= 0:
            self.setCurrentIndex(index)
            event.accept()
        else:
            super().keyPressEvent(event)


class PatientForm(QWidget):
    """Register a new patient or edit one; emits ``saved(record)`` or ``cancelled()``.

    Nothing is validated here: the service is the one place the rules live, and each
    ValidationError it raises is shown next to the field it names, keeping what was typed.
    """

    saved = Signal(object)  # PatientRecord
    cancelled = Signal()

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_form")
        self.uictx = uictx
        self._record: PatientRecord | None = None
        self._baseline: dict[str, str] = {}
        self._saving = False

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)

        self.form = ValidatedForm(self)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, max_len, placeholder in _TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(max_len)
            edit.setPlaceholderText(placeholder)
            if name in _NARROW:
                edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * _NARROW[name] + 24)
            self.edits[name] = edit
        self.sex = SexCombo(self)
        self.sex.setMaximumWidth(self.sex.fontMetrics().horizontalAdvance("0") * 18 + 24)
        self.dob_hint = QLabel(self)
        self.dob_hint.setObjectName("dob_hint")
        self.edits["dob"].textChanged.connect(self._update_dob_hint)

        labels = {name: label for name, label, _len, _ph in _TEXT_FIELDS} | {"sex": "Se&x:"}
        for name in FIELD_ORDER:
            self.form.add_field(name, labels[name], self._field_widget(name))
        self.edits["dob"].setObjectName("dob_edit")  # add_field named the DOB row box "dob"

        self.save_button = QPushButton("&Save (Ctrl+S)", self)
        self.save_button.setObjectName("save_patient")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel (Esc)", self)
        self.cancel_button.setObjectName("cancel_patient")
        self.cancel_button.clicked.connect(self.cancel)
        # Escape belongs to the form only: in the search box it clears the search instead.
        self.cancel_action = QAction("Cancel", self)
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_action.triggered.connect(self.cancel)
        self.addAction(self.cancel_action)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)

        order = [self.edits[n] if n != "sex" else self.sex for n in FIELD_ORDER]
        for first, second in zip([*order, self.save_button], [*order[1:], self.save_button, self.cancel_button]):
            QWidget.setTabOrder(first, second)
        self.start_new()

    def _field_widget(self, name: str) -> QWidget:
        if name == "sex":
            return self.sex
        if name != "dob":
            return self.edits[name]
        # The DOB box echoes how the typed date was read ("= 03/14/1962, 64 y"), so 3/14/62 is no surprise.
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edits["dob"])
        row.addWidget(self.dob_hint, 1)
        box.setFocusProxy(self.edits["dob"])
        return box

    # -- state ---------------------------------------------------------------------------
    @property
    def record(self) -> PatientRecord | None:
        """The patient being edited; None while registering a new one."""
        return self._record

    def start_new(self) -> None:
        """Empty form for a new registration."""
        self._load(None)

    def start_edit(self, record: PatientRecord) -> None:
        """Form filled from ``record``; Save updates it."""
        self._load(record)

    def _load(self, record: PatientRecord | None) -> None:
        self._record = record
        self._saving = False
        self.save_button.setEnabled(True)
        self.form.clear_errors()
        if record is None:
            self.heading.setText("New patient")
            values = dict.fromkeys(FIELD_ORDER, "")
        else:
            self.heading.setText("Edit " + display_name(record.last_name, record.first_name, record.middle_name))
            values = {n: str(getattr(record, n)) for n in FIELD_ORDER if n not in ("dob", "phone")}
            values["dob"] = record.dob.strftime("%m/%d/%Y")
            values["phone"] = format_phone(record.phone)
        for name, edit in self.edits.items():
            edit.setText(values[name])
        self.sex.setCurrentIndex(self.sex.findData(values["sex"]))  # -1 (placeholder) when unknown
        self._baseline = self.values()

    def values(self) -> dict[str, str]:
        """Every field as typed, keyed by the service's field names."""
        current = {name: edit.text() for name, edit in self.edits.items()}
        current["sex"] = self.sex.currentData() or ""
        return current

    def is_dirty(self) -> bool:
        """True when anything differs from what the form was opened with."""
        return self.values() != self._baseline

    def confirm_discard(self) -> bool:
        """True when the form may be left: nothing typed, or the user agreed to discard it."""
        return not self.is_dirty() or DiscardChangesDialog.ask(self)

    def focus_first(self) -> None:
        self.edits["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions -------------------------------------------------------------------------
    def save(self) -> None:
        """Send the form to register_patient / update_patient; errors come back beside their field."""
        if self._saving:  # a second Ctrl+S while the first save runs must not register twice
            return
        values = self.values()
        data = PatientInput(**values)
        self._saving = True
        self.save_button.setEnabled(False)
        self.form.clear_errors()
        if self._record is None:
            self.uictx.call(patients.register_patient, data, on_done=self._saved, on_error=self._failed)
        else:
            self.uictx.call(patients.update_patient, self._record.id, data, on_done=self._saved,
                            on_error=self._failed)

    def cancel(self) -> None:
        """Leave the form (asking first if something was typed)."""
        if self.confirm_discard():
            self._baseline = self.values()
            self.cancelled.emit()

    def _saved(self, record: PatientRecord) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._record = record
        self._baseline = self.values()
        self.saved.emit(record)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)  # a bug: the dialog with a reference id

    def _update_dob_hint(self, text: str) -> None:
        parsed = parse_us_date(text) if text.strip() else None
        if parsed is None:
            self.dob_hint.setText("")
        elif parsed > date.today():
            self.dob_hint.setText(f"= {parsed.strftime('%m/%d/%Y')} (in the future)")
        else:
            self.dob_hint.setText(f"= {parsed.strftime('%m/%d/%Y')}, {age_text(parsed)}")

