"""File > Eligibility > Export 270 / Import 271: the insured patients of the calendar's day (or a range)
asked about, the payer's answers recorded, a summary (matched, unmatched, rejections) and the unmatched list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import eligibility_files
from frontdesk.services.patients.eligibility_files import ExportResult, ImportResult, UnmatchedInfo
from frontdesk.ui.calendar.appointment_fields import from_qdate, to_qdate
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.file_folders import remember_folder, start_folder

X12_FILTER = "X12 files (*.270 *.271 *.x12 *.edi *.txt);;All files (*)"
_ID = Qt.ItemDataRole.UserRole


class ResolveDialog:
    """'How was this answer resolved?'; tests replace :meth:`ask` with a function returning the words."""

    @classmethod
    def ask(cls, parent: QWidget | None, answer: str) -> str | None:
        text, ok = QInputDialog.getText(parent, "Resolve an unmatched answer",
                                        f"{answer}\n\nHow was it resolved (e.g. called the payer, fixed the "
                                        "member ID)?")
        return text.strip() if ok and text.strip() else None


class Open271Dialog:
    """'Open the payer's 271'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        chosen, _selected = QFileDialog.getOpenFileName(parent, "Import the payer's 271", str(start_folder("x12")),
                                                        X12_FILTER)
        if not chosen:
            return None
        remember_folder("x12", Path(chosen))
        return Path(chosen)


def unmatched_text(item: UnmatchedInfo) -> str:
    """'STRANGER, ALEX (01/01/1970), member Z000000001: Rejected: subscriber not found (75)...'."""
    if not item.last_name:
        return f"{item.payer_name or 'Payer'}: {item.summary}"
    dob = format_date(item.dob) if item.dob else "no birth date"
    return f"{item.last_name}, {item.first_name} ({dob}), member {item.member_id}: {item.summary}"


class EligibilityFilesDialog(QDialog):
    """Export a 270 for the days chosen (default: the day the calendar shows), import 271 answers."""

    def __init__(self, uictx: UiContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.setObjectName("eligibility_files_dialog")
        self.setWindowTitle("Eligibility files (270 / 271)")
        self.from_edit, self.to_edit = QDateEdit(to_qdate(day), self), QDateEdit(to_qdate(day), self)
        for edit, name in ((self.from_edit, "eligibility_from"), (self.to_edit, "eligibility_to")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
        dates = QHBoxLayout()
        for text, edit in (("&From:", self.from_edit), ("&To:", self.to_edit)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            dates.addWidget(label)
            dates.addWidget(edit)
        dates.addStretch(1)
        self.export_button = QPushButton("&Export 270\u2026", self)
        self.export_button.setObjectName("export_270")
        self.export_button.setToolTip("One 270 asking each insured patient's payer about the visits scheduled")
        self.import_button = QPushButton("&Import 271\u2026", self)
        self.import_button.setObjectName("import_271")
        self.import_button.setToolTip("Record the payer's answers on each patient's policy")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.summary = QLabel("", self)
        self.summary.setObjectName("eligibility_summary")
        self.summary.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.setObjectName("eligibility_results")
        self.unmatched_label = QLabel("&Unmatched answers (resolve by hand):", self)
        self.unmatched = QListWidget(self)
        self.unmatched.setObjectName("eligibility_unmatched")
        self.unmatched_label.setBuddy(self.unmatched)
        self.resolve_button = QPushButton("&Resolve\u2026", self)
        self.resolve_button.setObjectName("resolve_unmatched")
        self.resolve_button.setToolTip("Say how the selected answer was dealt with; it leaves the list")
        self.resolve_button.setEnabled(False)
        self.unmatched.currentItemChanged.connect(
            lambda item, _old: self.resolve_button.setEnabled(item is not None and item.data(_ID) is not None))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 2)
        layout.addWidget(self.unmatched_label)
        layout.addWidget(self.unmatched, 1)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.resolve_button)
        resolve_row.addStretch(1)
        resolve_row.addWidget(close)
        layout.addLayout(resolve_row)
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(self.import_file)
        self.resolve_button.clicked.connect(self.resolve)
        self.resize(720, 520)
        self.refresh_unmatched()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, day: date, *, start: str = "") -> None:
        """Open the dialog; ``start`` 'export' or 'import' goes straight on to that file question."""
        dialog = cls(uictx, day, parent)
        first = {"export": dialog.export, "import": dialog.import_file}.get(start)
        if first is not None:
            QTimer.singleShot(0, dialog, first)
        dialog.exec()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(to_user_message(exc).text)

    def refresh_unmatched(self) -> None:
        self.uictx.call(eligibility_files.list_unmatched, on_done=self._show_unmatched, on_error=self._failed)

    def _show_unmatched(self, items: list[UnmatchedInfo]) -> None:
        self.unmatched.clear()
        for info in items:
            item = QListWidgetItem(unmatched_text(info), self.unmatched)
            item.setData(_ID, info.id)
        if not items:
            self.unmatched.addItem("None.")
        self.resolve_button.setEnabled(False)

    def resolve(self) -> None:
        item = self.unmatched.currentItem()
        if item is None or item.data(_ID) is None:
            return
        how = ResolveDialog.ask(self, item.text())
        if how:
            self.uictx.call(eligibility_files.resolve_unmatched, int(item.data(_ID)), how,
                            on_done=lambda _info: self.refresh_unmatched(), on_error=self._failed)

    def export(self) -> None:
        first, last = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
        path = SaveFileDialog.ask(self, "Save the 270", f"eligibility-{first:%Y%m%d}.270", X12_FILTER, ".270")
        if path is not None:
            self.uictx.call(eligibility_files.export_270, str(path), first, last, on_done=self._exported,
                            on_error=self._failed)

    def _exported(self, result: ExportResult) -> None:
        self.summary.setText(f"Wrote {result.inquiries} inquiries to {Path(result.out_path).name} "
                             f"(interchange {result.interchange_control_number}). Send it to the clearinghouse.")
        self.results.clear()
        self.results.addItems([f"Left out: {line}" for line in result.left_out])

    def import_file(self) -> None:
        path = Open271Dialog.ask(self)
        if path is not None:
            self.uictx.call(eligibility_files.import_271, str(path), on_done=self._imported, on_error=self._failed)

    def _imported(self, result: ImportResult) -> None:
        self.summary.setText(result.summary)
        self.results.clear()
        self.results.addItems([f"{m.patient_name}: {m.result}{'; ' + m.summary if m.summary else ''}"
                               for m in result.matched])
        self.refresh_unmatched()
