"""The encounter screen: header, diagnoses A..L and service lines of one visit, then 'Create claims'."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.money import from_cents
from frontdesk.errors import ValidationError
from frontdesk.services.admin import providers as provider_service
from frontdesk.services.billing import claims as claim_service
from frontdesk.services.billing import encounters, fee_schedule
from frontdesk.services.billing.billing_types import (
    EncounterDetail,
    EncounterHeader,
    ProblemTarget,
)
from frontdesk.ui.billing.diagnoses_editor import DiagnosesEditor
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.billing.encounter_header import EncounterHeaderForm
from frontdesk.ui.billing.service_lines import LineEditor, ServiceLinesModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import fit_columns, guarded

StatusFn = Callable[[str], None]


def _diagnosis_position(field: str) -> int | None:
    """'diagnosis_3' -> 3."""
    prefix, _, number = field.partition("_")
    return int(number) if prefix == "diagnosis" and number.isdigit() else None


class EncounterScreen(QWidget):
    """``claims_created(list[ClaimRow])`` after Create claims; ``closed`` when the person goes back."""

    claims_created = Signal(list)
    closed = Signal()

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("encounter_screen")
        self.uictx = uictx
        self._status = status
        self.detail: EncounterDetail | None = None
        self.editing_line_id: int | None = None
        self.title = QLabel(self)
        self.title.setObjectName("encounter_title")
        self.title.setStyleSheet("font-weight: bold;")
        self.back_button = QPushButton("\u2190 &Back to list", self)
        self.save_button = QPushButton("&Save (Ctrl+S)", self)
        self.save_button.setObjectName("save_encounter")
        self.create_button = QPushButton("Create c&laims (Ctrl+Enter)", self)
        self.create_button.setObjectName("create_claims")
        self.void_button = QPushButton("Void encounter\u2026", self)  # rare: no Alt key to spare
        self.void_button.setObjectName("void_encounter")
        self.void_button.setToolTip("For a visit entered in error, before any claim was sent.")
        self.header = EncounterHeaderForm(uictx.clock, self)
        self.diagnoses = DiagnosesEditor(uictx, self)
        self.lines_model = ServiceLinesModel(self)
        self.lines_view = QTableView(self)
        self.lines_view.setObjectName("service_lines")
        self.lines_view.setModel(self.lines_model)
        self.lines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_view.verticalHeader().hide()
        self.lines_view.horizontalHeader().setStretchLastSection(True)
        self.total = QLabel(self)
        self.total.setObjectName("encounter_total")
        self.locked_note = QLabel(self)
        self.locked_note.setWordWrap(True)
        self.editor = LineEditor(uictx.clock, self)
        self.new_line_button = QPushButton("Ne&w line", self)
        self.save_line_button = QPushButton("Add line (Enter)", self)
        self.save_line_button.setObjectName("save_line")
        self.remove_line_button = QPushButton("Remove line", self)
        self.remove_line_button.setObjectName("remove_line")
        self._build_layout()
        self._connect()
        uictx.call(fee_schedule.list_fee_items, on_done=guarded(self, self.editor.set_fee_items))
        self.reload_providers()
        uictx.changed.connect(self._on_changed)  # a bound method: disconnected when this screen is deleted

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.void_button)
        top.addWidget(self.save_button)
        top.addWidget(self.create_button)
        header_box = QGroupBox("Visit", self)
        QVBoxLayout(header_box).addWidget(self.header)
        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(header_box)
        upper.addWidget(self.diagnoses)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        lines_box = QGroupBox("Service lines (box 24)", self)
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(self.lines_view, 1)
        lines_layout.addWidget(self.total)
        lines_layout.addWidget(self.locked_note)
        editor_box = QWidget(self)
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        editor_layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        for button in (self.new_line_button, self.save_line_button, self.remove_line_button):
            buttons.addWidget(button)
        editor_layout.addLayout(buttons)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(lines_box)
        lower.addWidget(editor_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([720, 460])
        main = QSplitter(Qt.Orientation.Vertical, self)
        main.addWidget(upper)
        main.addWidget(lower)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 1)
        main.setSizes([270, 400])  # the header needs little height; lines and their editor need more
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(main, 1)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.closed)
        self.save_button.clicked.connect(lambda: self.save_header())
        self.create_button.clicked.connect(self.create_claims)
        self.void_button.clicked.connect(self.void_encounter)
        self.diagnoses.codes_changed.connect(self._set_diagnoses)
        self.lines_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._edit_row(cur.row()))
        self.new_line_button.clicked.connect(self.new_line)
        self.save_line_button.clicked.connect(self.save_line)
        self.remove_line_button.clicked.connect(self.remove_line)
        for edit in self.editor.findChildren(QLineEdit):
            if edit is not self.editor.code:  # Enter in the code box picks a completion first
                edit.returnPressed.connect(self.save_line)
        for keys, slot in (("Ctrl+S", lambda: self.save_header()), ("Ctrl+Return", self.create_claims),
                           ("Ctrl+Enter", self.create_claims)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- loading --------------------------------------------------------------------------------------
    def reload_providers(self) -> None:
        """Inactive providers too: an older encounter must keep showing (and saving) its own provider."""
        self.uictx.call(provider_service.list_providers, include_inactive=True,
                        on_done=guarded(self, self.header.set_providers))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "providers" in topics:
            self.reload_providers()

    def open_encounter(self, encounter_id: int, then: Callable[[], None] | None = None) -> None:
        """Load and show an encounter; ``then`` runs once it is on screen (e.g. focus a problem's field)."""
        self.uictx.call(encounters.get_encounter, encounter_id, on_done=guarded(self, lambda d: self._shown(d, then)))

    def open_for_appointment(self, appointment_id: int) -> None:
        """The encounter of a checked-out visit (made from the appointment the first time)."""
        self.uictx.call(encounters.encounter_for_appointment, appointment_id,
                        on_done=guarded(self, lambda d: self._shown(d, self.header.service_date.setFocus)))

    def start_new(self, patient_id: int, header: EncounterHeader) -> None:
        """A walk-in: create the encounter with the chosen provider, then type the rest."""
        self.uictx.call(encounters.create_encounter, patient_id, header,
                        on_done=guarded(self, lambda d: self._shown(d, self.diagnoses.search.setFocus)))

    def _shown(self, detail: EncounterDetail, then: Callable[[], None] | None) -> None:
        # The provider list first (it may have changed since this screen was built), then the encounter.
        self.uictx.call(provider_service.list_providers, include_inactive=True,
                        on_done=guarded(self, lambda providers: self._show_with(providers, detail, then)))

    def _show_with(self, providers: list, detail: EncounterDetail, then: Callable[[], None] | None) -> None:
        self.header.set_providers(providers)
        self.show_detail(detail)
        self.new_line()
        if then is not None:
            then()

    def show_detail(self, detail: EncounterDetail) -> None:
        """Show a saved encounter (after every change the service hands back the whole encounter)."""
        self.detail = detail
        state = {"open": "open", "billed": "billed", "void": "void"}.get(detail.status, detail.status)
        self.title.setText(f"Encounter {detail.id}: {detail.patient_name} (account {detail.account_number}), "
                           f"{format_date(detail.header.service_date)}, {state}")
        self.header.clear_errors()
        self.header.set_header(detail.header)
        self.diagnoses.set_diagnoses(detail.diagnoses)
        self.lines_model.set_lines(detail.lines)
        fit_columns(self.lines_view, padding=10, widest=150)  # the charge column must stay in view
        count = len(detail.lines)
        self.total.setText(f"{count} line{'' if count == 1 else 's'}, total {format_money(from_cents(detail.total_cents))}")
        editable = not detail.locked and detail.status != "void"
        self.diagnoses.set_editable(editable)
        for widget in (self.save_line_button, self.remove_line_button, self.new_line_button, self.editor):
            widget.setEnabled(editable)
        self.create_button.setEnabled(detail.status == "open" and not detail.locked)
        self.void_button.setEnabled(detail.status != "void" and not detail.locked)
        self.locked_note.setText("" if editable else
                                 "\u26a0 A claim of this visit was submitted: change it through "
                                 "'Correct claim\u2026' in the claims list.")

    # -- header and diagnoses -------------------------------------------------------------------------
    def save_header(self, then: Callable[[EncounterDetail], None] | None = None) -> None:
        """Save the visit fields; errors appear beside their field."""
        if self.detail is None:
            return
        try:
            header = self.header.header()
        except ValidationError as exc:
            self.header.show_exception(exc)
            return
        done = then or (lambda d: (self.show_detail(d), self._status("Encounter saved.")))
        self.uictx.call(encounters.update_encounter, self.detail.id, header,
                        on_done=guarded(self, done), on_error=guarded(self, self._header_failed))

    def _header_failed(self, exc: BaseException) -> None:
        if not self.header.show_exception(exc):
            ErrorPresenter(self)(exc)

    def _set_diagnoses(self, codes: list[str]) -> None:
        if self.detail is None:
            return
        self.diagnoses.error.clear_error()
        self.uictx.call(encounters.set_diagnoses, self.detail.id, codes,
                        on_done=guarded(self, self.show_detail), on_error=guarded(self, self._diagnoses_failed))

    def _diagnoses_failed(self, exc: BaseException) -> None:
        field = getattr(exc, "field", "") or ""
        if isinstance(exc, ValidationError) and field.startswith("diagnosis"):
            self.diagnoses.show_error(str(exc), _diagnosis_position(field))
        else:
            ErrorPresenter(self)(exc)

    # -- lines ----------------------------------------------------------------------------------------
    def new_line(self) -> None:
        """An empty line editor for the next charge."""
        self.editing_line_id = None
        self.lines_view.clearSelection()
        self.editor.clear_line()
        self.save_line_button.setText("Add line (Enter)")

    def _edit_row(self, row: int) -> None:
        if row < 0:
            return
        line = self.lines_model.line(row)
        self.editing_line_id = line.id
        self.editor.set_line(line)
        self.save_line_button.setText("Save line (Enter)")

    def save_line(self) -> None:
        """Add the typed line, or save the line being edited."""
        if self.detail is None or self.detail.locked:
            return
        try:
            line = self.editor.line_input()
        except ValidationError as exc:
            self.editor.show_exception(exc)
            return
        if self.editing_line_id is None:
            self.uictx.call(encounters.add_service_line, self.detail.id, line,
                            on_done=guarded(self, self._line_saved), on_error=guarded(self, self._line_failed))
        else:
            self.uictx.call(encounters.update_service_line, self.editing_line_id, line,
                            on_done=guarded(self, self._line_saved), on_error=guarded(self, self._line_failed))

    def _line_saved(self, detail: EncounterDetail) -> None:
        self.show_detail(detail)
        self.new_line()
        self.editor.code.setFocus()
        self._status(f"Line saved; total {format_money(from_cents(detail.total_cents))}.")

    def _line_failed(self, exc: BaseException) -> None:
        if not self.editor.show_exception(exc):
            ErrorPresenter(self)(exc)

    def remove_line(self) -> None:
        if self.detail is None or self.editing_line_id is None:
            return
        self.uictx.call(encounters.remove_service_line, self.editing_line_id,
                        on_done=guarded(self, self._line_saved), on_error=guarded(self, self._line_failed))

    def void_encounter(self) -> None:
        """A visit entered in error: void it (its unsent claims close); asks for the reason first."""
        if self.detail is None or not self.void_button.isEnabled():
            return
        reason = ReasonPromptDialog.ask(self, "Void encounter", "Why is this visit void (e.g. entered for the wrong "
                                      "patient)? Its unsent claims will be closed.", "&Void encounter")
        if reason is None:
            return
        self.uictx.call(encounters.void_encounter, self.detail.id, reason,
                        on_done=guarded(self, lambda d: (self.show_detail(d), self._status("Encounter voided."))),
                        on_error=guarded(self, ErrorPresenter(self)))

    # -- claims ---------------------------------------------------------------------------------------
    def create_claims(self) -> None:
        """Save the visit fields, then make the claims (one per payer) and scrub them."""
        if self.detail is None or not self.create_button.isEnabled():
            return
        self.save_header(then=self._make_claims)

    def _make_claims(self, detail: EncounterDetail) -> None:
        self.show_detail(detail)
        self.uictx.call(claim_service.create_claims, detail.id, on_done=guarded(self, self._claims_made))

    def _claims_made(self, rows: list) -> None:
        ready = sum(1 for r in rows if r.status == "ready")
        self._status(f"{len(rows)} claim{'' if len(rows) == 1 else 's'} created: {ready} ready, "
                     f"{len(rows) - ready} need attention.")
        if self.detail is not None:
            self.open_encounter(self.detail.id)
        self.claims_created.emit(list(rows))

    # -- problems -------------------------------------------------------------------------------------
    def focus_target(self, target: ProblemTarget) -> None:
        """Put the keyboard on the widget a claim problem names (the encounter is already shown)."""
        if target.kind == "encounter":
            if target.field.startswith("diagnosis"):
                self.diagnoses.focus_position(_diagnosis_position(target.field))
            elif target.field == "lines":
                self.new_line()
                self.editor.code.setFocus()
            elif not self.header.focus_field(target.field):
                self.header.service_date.setFocus()
        elif target.kind == "diagnosis":
            self.diagnoses.focus_position(_diagnosis_position(target.field))
        elif target.kind == "service_line":
            row = self.lines_model.row_of(target.id)
            if row >= 0:
                self.lines_view.selectRow(row)
                self._edit_row(row)
            widget = self.editor.findChild(QWidget, target.field)
            (widget or self.editor.code).setFocus()
