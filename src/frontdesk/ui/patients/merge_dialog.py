"""Merge a duplicate record into the open patient (admin): choose the duplicate, read the preview, confirm."""

from __future__ import annotations

from datetime import date
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import merge
from frontdesk.services.patients.merge import MergePreview, MergeResult
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.patient_display import display_name, dob_with_age
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from frontdesk.ui.widgets.models import Column, RecordTableModel


def _who(p: object, today: date) -> str:
    return (f"{display_name(p.last_name, p.first_name, p.middle_name)}, born {dob_with_age(p.dob, today)},"  # type: ignore[attr-defined]
            f" account # {p.account_number}")  # type: ignore[attr-defined]


class MergeDialog(QDialog):
    """Shows what merging ``duplicate`` into ``survivor`` moves and fills; Merge runs it (one transaction)."""

    def __init__(self, uictx: UiContext, survivor_id: int, duplicate_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge duplicate record")
        self.uictx = uictx
        self.survivor_id, self.duplicate_id = survivor_id, duplicate_id
        self.result_: MergeResult | None = None
        self.preview: MergePreview | None = None
        self.summary = QLabel("Loading the preview\u2026", self)
        self.summary.setObjectName("merge_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.model: RecordTableModel[tuple[str, int]] = RecordTableModel(
            [Column("What moves", lambda m: m[0].replace("_", " ")), Column("Rows", lambda m: str(m[1]))], self)
        self.view = QTableView(self)
        self.view.setObjectName("merge_moves")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.blockers = QLabel(self)
        self.blockers.setObjectName("merge_blockers")
        self.blockers.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button: QPushButton = buttons.addButton("&Merge records", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        buttons.accepted.connect(self._merge)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.blockers)
        layout.addWidget(buttons)
        self.resize(620, 420)
        uictx.call(merge.preview_merge, survivor_id, duplicate_id, on_done=self._previewed, on_error=self._failed)

    def _previewed(self, preview: MergePreview) -> None:
        self.preview = preview
        filled = ", ".join(f.replace("_", " ") for f in preview.filled_fields) or "none"
        kept = f"\n{preview.phones_kept} phone number(s) of the duplicate stay on the merged record." \
            if preview.phones_kept else ""
        today = self.uictx.clock.today()
        self.summary.setText(f"Keep: {_who(preview.survivor, today)}\nMerge into it: {_who(preview.duplicate, today)}\n"
                             f"{preview.rows_moved} row(s) move to the record kept; its empty fields filled from "
                             f"the duplicate: {filled}.{kept}\nThe duplicate is kept, marked merged.")
        self.model.set_rows(list(preview.moves))
        if preview.blockers:
            self.blockers.setText("\u26a0 Cannot merge yet: " + " ".join(preview.blockers))
        self.merge_button.setEnabled(not preview.blockers)

    def _merge(self) -> None:
        self.merge_button.setEnabled(False)
        self.uictx.call(merge.merge_patients, self.survivor_id, self.duplicate_id, on_done=self._merged,
                        on_error=self._failed)

    def _merged(self, result: MergeResult) -> None:
        self.result_ = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.blockers.setText("\u26a0 " + message.text)
        else:
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, survivor_id: int) -> MergeResult | None:
        """Choose the duplicate, preview, confirm; the merge result or None when cancelled."""
        chosen = PatientPickerDialog.ask(parent, uictx, "Choose the duplicate record to merge", survivor_id)
        if chosen is None:
            return None
        dialog = cls(uictx, survivor_id, chosen.id, parent)
        try:
            return dialog.result_ if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
