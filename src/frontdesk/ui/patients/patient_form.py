"""The registration / edit form: strings as typed go to the service, its errors come back per field."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.patients import duplicates, patients
from frontdesk.services.patients.duplicates import DuplicateCandidate, PossibleDuplicateError
from frontdesk.services.patients.patients import ChangedMeanwhile, PatientInput, PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.demographics_fields import (
    TAB_ORDER,
    DemographicsFields,
    FormColumns,
)
from frontdesk.ui.patients.dialogs import ChangedMeanwhileDialog, DiscardChangesDialog, shown_fields, typed_since
from frontdesk.ui.patients.duplicate_panel import DuplicatePanel, duplicate_dock
from frontdesk.ui.widgets.patient_display import display_name
from frontdesk.ui.widgets.common import local_action

DUPLICATE_DEBOUNCE_MS = 300
_DUPLICATE_KEYS = ("first_name", "last_name", "dob", "home_phone", "mobile_phone", "work_phone")

class PatientForm(QWidget):
    """Register a new patient or edit one; emits ``saved(record)`` or ``cancelled()``.

    Nothing is validated here: the service is the one place the rules live, and each
    ValidationError it raises is shown next to the field it names, keeping what was typed.
    """

    saved = Signal(object)  # PatientRecord
    cancelled = Signal()
    notice = Signal(str)  # a quiet status-bar message (the saved version reloaded)
    open_other = Signal(int)  # a duplicate candidate was chosen instead (the typed form was discarded)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_form")
        self.uictx = uictx
        self._record: PatientRecord | None = None
        self._baseline: dict[str, object] = {}
        self._saving = False

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)

        self.form = FormColumns(self)
        self.fields = DemographicsFields(self, self.form, uictx.clock)
        self.edits: dict[str, QLineEdit] = self.fields.edits
        self.combos: dict[str, QComboBox] = self.fields.combos
        self.sex = self.fields.sex
        self.dob_hint = self.fields.dob_hint
        self.duplicates = DuplicatePanel(uictx.clock, self)
        self.duplicates.open_requested.connect(self._open_candidate)
        # Duplicates are looked up a moment after typing stops, not on every keystroke.
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(DUPLICATE_DEBOUNCE_MS)
        self._dup_timer.timeout.connect(self.check_duplicates)
        self._dup_request = 0
        for name in _DUPLICATE_KEYS:
            self.edits[name].textEdited.connect(self._dup_timer.start)

        self.save_button = QPushButton("&Save (Ctrl+S)", self)
        self.save_button.setObjectName("save_patient")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel (Esc)", self)
        self.cancel_button.setObjectName("cancel_patient")
        self.cancel_button.clicked.connect(self.cancel)
        # Escape belongs to the form only: in the search box it clears the search instead.
        self.cancel_action = local_action(self, "Cancel", Qt.Key.Key_Escape, self.cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(duplicate_dock(self.heading, self.duplicates, self))
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)

        order = [self.fields.widget(n) for n in TAB_ORDER]
        for first, second in zip([*order, self.save_button], [*order[1:], self.save_button, self.cancel_button]):
            QWidget.setTabOrder(first, second)
        self.start_new()

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
        self._dup_timer.stop()
        self._dup_request += 1  # answers for the previous patient are dropped
        self.save_button.setEnabled(True)
        self.form.clear_errors()
        self.duplicates.reset(editing=record is not None)
        if record is None:
            self.heading.setText("New patient")
        else:
            self.heading.setText("Edit " + display_name(record.last_name, record.first_name, record.middle_name))
        self.fields.load(record)
        self._baseline = self.values()
        self._shown_baseline = shown_fields(self.form.left, self.form.right)

    def values(self) -> dict[str, object]:
        """Every field as typed, keyed by the service's field names."""
        return self.fields.values()

    def is_dirty(self) -> bool:
        """True when anything differs from what the form was opened with."""
        return self.values() != self._baseline

    def confirm_discard(self) -> bool:
        """True when the form may be left: nothing typed, or the user agreed to discard it."""
        return not self.is_dirty() or DiscardChangesDialog.ask(self)

    def focus_first(self) -> None:
        self.edits["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_field(self, name: str) -> None:
        """Put the cursor in field ``name`` (e.g. 'dob' from a claim problem); the first field if unknown."""
        if name in self.edits or name in self.fields.combos or name in self.fields.checks:
            self.fields.widget(name).setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_first()

    # -- actions -------------------------------------------------------------------------
    def save(self) -> None:
        """Send the form to register_patient / update_patient; errors come back beside their field."""
        if self._saving:  # a second Ctrl+S while the first save runs must not register twice
            return
        data = PatientInput(**self.values())  # type: ignore[arg-type]
        self._saving = True
        self.save_button.setEnabled(False)
        self.form.clear_errors()
        self._dup_timer.stop()
        if self._record is None:
            self.uictx.call(patients.register_patient, data, duplicate_override_reason=self.duplicates.override_reason(),
                            on_done=self._saved, on_error=self._failed)
        else:
            # the version the form was loaded with: a save over someone else's newer one is refused
            self.uictx.call(patients.update_patient, self._record.id, data, version=self._record.version,
                            on_done=self._saved, on_error=self._failed)

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
        if isinstance(exc, PossibleDuplicateError):
            self.form.clear_errors()
            self.duplicates.show_candidates(exc.candidates, refused=True)
            if self.duplicates.create_anyway.isChecked():  # ticked but no reason: the reason box says so
                self.duplicates.override_form.show_exception(exc)
            else:
                self.duplicates.override_form.clear_errors()
            self.duplicates.create_anyway.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if isinstance(exc, ChangedMeanwhile) and self._record is not None:
            self._offer_reload(exc, self._record.id)
            return
        if self.duplicates.override_form.isVisible() and getattr(exc, "field", None) == "duplicate_override_reason":
            self.duplicates.override_form.show_exception(exc)
            return
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)  # a bug: the dialog with a reference id

    def typed_changes(self) -> list[tuple[str, str]]:
        """(label, value as shown) of every field typed since the form was loaded, in the form's order."""
        return typed_since(self._shown_baseline, shown_fields(self.form.left, self.form.right))

    def _offer_reload(self, exc: ChangedMeanwhile, patient_id: int) -> None:
        """Someone else saved this patient since the form was loaded: ask before replacing what was typed."""
        self.form.show_exception(exc)  # stays above the form while the person keeps their typing
        if ChangedMeanwhileDialog.ask(self, str(exc), self.typed_changes()):
            self.uictx.call(patients.open_patient, patient_id,
                            on_done=lambda record: self._reloaded(record, exc.changed_by))

    def _reloaded(self, record: PatientRecord, changed_by: str) -> None:
        if self._record is None or record.id != self._record.id:
            return  # the person moved on to another patient meanwhile
        self.start_edit(record)
        self.focus_first()
        whose = f"{changed_by}'s" if changed_by else "the"
        self.notice.emit(f"Reloaded {record.last_name}, {record.first_name}: {whose} saved version")

    # -- duplicates ----------------------------------------------------------------------
    def check_duplicates(self) -> None:
        """Look for look-alikes of what is typed so far (needs last name + DOB, or a phone)."""
        values = self.values()
        phones = [str(values[n]) for n in ("home_phone", "mobile_phone", "work_phone") if values[n]]
        if not (str(values["last_name"]).strip() and str(values["dob"]).strip()) and not phones:
            self.duplicates.show_candidates([])
            return
        self._dup_request += 1
        request = self._dup_request
        exclude = self._record.id if self._record is not None else None
        self.uictx.call(duplicates.find_duplicates, last_name=values["last_name"], first_name=values["first_name"],
                        dob=values["dob"], phones=phones, exclude_id=exclude,
                        on_done=lambda rows: self._duplicates_found(request, rows),
                        on_error=lambda _exc: None)  # a failed live check must not interrupt typing

    def _duplicates_found(self, request: int, rows: list[DuplicateCandidate]) -> None:
        if request == self._dup_request:
            self.duplicates.show_candidates(rows, refused=self.duplicates.override_form.isVisible())

    def _open_candidate(self, patient_id: int) -> None:
        if self.confirm_discard():
            self._baseline = self.values()
            self.open_other.emit(patient_id)
