"""Diagnoses A..L of an encounter: an ICD-10-CM search (code or words), then reorder and remove."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS, MAX_DIAGNOSES
from frontdesk.error_messages import to_user_message
from frontdesk.services.billing import diagnosis_codes
from frontdesk.services.billing.billing_types import DiagnosisCode, DiagnosisInfo
from frontdesk.services.billing.diagnosis_codes import TypedDiagnosis
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import FieldError

SEARCH_DELAY_MS = 250
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class DiagnosesEditor(QWidget):
    """``codes_changed(list[str])`` after every add, move or removal (codes without the period, in order)."""

    codes_changed = Signal(list)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.editable = True
        self.title = QLabel("Dia&gnoses (ICD-10-CM)", self)
        self.search = QLineEdit(self)
        self.search.setObjectName("diagnosis_search")
        self.search.setPlaceholderText("A code (E11.9), Enter adds; or words (diabetes), then \u2193 to choose")
        self.title.setBuddy(self.search)
        self.results = QListWidget(self)
        self.results.setObjectName("diagnosis_results")
        self.results.setMaximumHeight(110)
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("diagnosis_list")
        self.error = FieldError(self)
        self.error.setObjectName("diagnosis_error")
        self.up_button = QPushButton("Up (Alt+\u2191)", self)
        self.down_button = QPushButton("Down (Alt+\u2193)", self)
        self.remove_button = QPushButton("Remove (Del)", self)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.error)  # right under what was typed: "E11 is a category..." is about it
        layout.addWidget(self.results)
        layout.addWidget(self.chosen, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._request = 0
        self.search.textEdited.connect(self._edited)
        self.search.returnPressed.connect(self.add_typed)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.add_current())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button.clicked.connect(self.remove_current)
        for keys, slot in (("Alt+Up", lambda: self.move(-1)), ("Alt+Down", lambda: self.move(1)),
                           ("Delete", self.remove_current)):
            shortcut = QShortcut(QKeySequence(keys), self.chosen)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self._code_set_asked = False
        uictx.changed.connect(self._on_changed)  # a bound slot: disconnected when this editor goes

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "code_sets" in topics and self._code_set_asked:  # a newer release was imported: name it
            self.uictx.call(diagnosis_codes.diagnosis_code_set, on_done=guarded(self, self._show_code_set))

    def showEvent(self, event: QShowEvent) -> None:
        """Name the code set when first shown: loading it takes a second, so not while the pane opens."""
        super().showEvent(event)
        if not self._code_set_asked:
            self._code_set_asked = True
            self.uictx.call(diagnosis_codes.diagnosis_code_set, on_done=guarded(self, self._show_code_set))

    def _show_code_set(self, version: str) -> None:
        # The version names its code set ("ICD-10-CM FY2026 ..."); say it once.
        self.title.setText(f"Dia&gnoses ({version if 'ICD' in version else 'ICD-10-CM ' + version})")

    # -- search ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search box walks into the results."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def _edited(self, _text: str) -> None:
        self.error.clear_error()  # a message about the previous text no longer applies
        self._timer.start()

    def search_now(self) -> None:
        """Search at once (typing waits a moment first)."""
        self._timer.stop()
        text = self.search.text().strip()
        self._request += 1
        request = self._request
        if not text:
            self.results.clear()
            return
        self.uictx.call(diagnosis_codes.search_diagnoses, text, 50,
                        on_done=guarded(self, lambda rows: self._found(request, rows)),
                        on_error=guarded(self, lambda exc: self.error.show_error(to_user_message(exc).text)))

    def _found(self, request: int, rows: list[DiagnosisCode] | tuple[DiagnosisCode, ...]) -> None:
        if request != self._request:
            return  # an answer to text the person has typed past
        self._show_choices(rows)

    def _show_choices(self, rows: list[DiagnosisCode] | tuple[DiagnosisCode, ...]) -> None:
        # Nothing is highlighted: a code is added only once the person has moved to it (Down, or a click).
        self.results.clear()
        for code in rows:
            text = f"{code.display_code}  {code.description}"
            if not code.billable:
                text += "  (category: choose a more specific code)"
            item = QListWidgetItem(text)
            item.setToolTip(text)  # the narrow list cuts long descriptions off
            item.setData(CODE_ROLE, code)
            self.results.addItem(item)
        self.results.setCurrentRow(-1)

    def add_typed(self) -> None:
        """Enter in the search box: add the code typed exactly, if it is billable; otherwise say why not and
        list the codes to choose from (a category's billable codes, or what the words find). Never the first
        suggestion: a code the person did not choose would go on the claim."""
        text = self.search.text().strip()
        if not text or not self.editable:
            return
        self._timer.stop()
        self._request += 1
        request = self._request
        self.uictx.call(diagnosis_codes.resolve_typed_diagnosis, text, 50,
                        on_done=guarded(self, lambda typed: self._typed(request, text, typed)),
                        on_error=guarded(self, lambda exc: self.error.show_error(to_user_message(exc).text)))

    def _typed(self, request: int, text: str, typed: TypedDiagnosis) -> None:
        if request != self._request:
            return  # typed past
        if typed.addable and typed.code is not None:
            self._add(typed.code)
            return
        self._show_choices(typed.choices)
        shown = text if len(text) <= 20 else text[:20] + "..."
        if typed.code is not None:
            self.error.show_error(f"{typed.code.display_code} is a category: choose a more specific code.")
        elif typed.choices:
            self.error.show_error(f"\u201c{shown}\u201d is not a code: choose one from the list (\u2193, then Enter).")
        else:
            self.error.show_error(f"No ICD-10-CM code matches \u201c{shown}\u201d.")

    def add_current(self) -> None:
        """Add the suggestion the person moved to (Down then Enter, or a double-click); a category shows its
        billable codes to choose from instead."""
        item = self.results.currentItem()
        if item is None or not self.editable:
            return
        code: DiagnosisCode = item.data(CODE_ROLE)
        if not code.billable:
            self.search.setText(code.display_code)
            self.search.setFocus()
            self.add_typed()
            return
        self._add(code)

    def _add(self, code: DiagnosisCode) -> None:
        codes = self.codes()
        if code.code in codes:
            self.error.show_error(f"{code.display_code} is already diagnosis {DIAGNOSIS_LETTERS[codes.index(code.code)]}.")
            return
        if len(codes) >= MAX_DIAGNOSES:
            self.error.show_error("A claim holds at most 12 diagnoses (A to L).")
            return
        self.error.clear_error()
        self.search.clear()
        self.results.clear()
        self.search.setFocus()
        self.codes_changed.emit([*codes, code.code])

    # -- the list -------------------------------------------------------------------------------------
    def set_diagnoses(self, diagnoses: tuple[DiagnosisInfo, ...]) -> None:
        """Show the saved diagnoses, keeping the selected row where it was."""
        row = self.chosen.currentRow()
        self.chosen.clear()
        for info in diagnoses:
            item = QListWidgetItem(f"{info.letter}   {info.display_code}   {info.description}")
            item.setData(CODE_ROLE, info.code)
            self.chosen.addItem(item)
        if self.chosen.count():
            self.chosen.setCurrentRow(min(max(row, 0), self.chosen.count() - 1))

    def codes(self) -> list[str]:
        return [self.chosen.item(n).data(CODE_ROLE) for n in range(self.chosen.count())]

    def move(self, step: int) -> None:
        """Move the selected diagnosis up or down one letter (A is the primary diagnosis)."""
        row = self.chosen.currentRow()
        codes = self.codes()
        target = row + step
        if not self.editable or row < 0 or not 0 <= target < len(codes):
            return
        codes[row], codes[target] = codes[target], codes[row]
        self.codes_changed.emit(codes)
        self.chosen.setCurrentRow(target)

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if not self.editable or row < 0:
            return
        codes = self.codes()
        del codes[row]
        self.codes_changed.emit(codes)

    def set_editable(self, editable: bool) -> None:
        """A submitted encounter changes only through a corrected claim."""
        self.editable = editable
        for widget in (self.search, self.results, self.up_button, self.down_button, self.remove_button):
            widget.setEnabled(editable)

    def focus_position(self, position: int | None = None) -> None:
        """Select diagnosis ``position`` (1-based) and put the keyboard there; the search box when empty."""
        if self.chosen.count() == 0:
            self.search.setFocus()
            return
        if position is not None and 1 <= position <= self.chosen.count():
            self.chosen.setCurrentRow(position - 1)
        self.chosen.setFocus()

    def show_error(self, text: str, position: int | None = None) -> None:
        self.error.show_error(text)
        self.focus_position(position)
