"""The Billing setup's diagnosis code set box: the ICD-10-CM release in use, a warning when out of date, import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.billing import diagnosis_codes
from frontdesk.services.billing.diagnosis_codes import CodeSetStatus
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.file_folders import remember_folder, start_folder
from frontdesk.ui.widgets.form import FieldError

RELEASE_FILTER = "ICD-10-CM order files (*order*.txt *.zip);;Text files (*.txt);;Zip files (*.zip)"


class ReleaseFileDialog:
    """'Open the ICD-10-CM release'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str) -> Path | None:
        """The chosen order file or zip, or None when cancelled."""
        downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        start = start_folder("code_set", Path(downloads) if downloads else None)
        chosen, _selected = QFileDialog.getOpenFileName(parent, caption, str(start), RELEASE_FILTER)
        if not chosen:
            return None
        remember_folder("code_set", Path(chosen))
        return Path(chosen)


def version_text(status: CodeSetStatus) -> str:
    """'Diagnosis codes: ICD-10-CM FY2026 (April 1, 2026 update), for services 10/01/2025-09/30/2026'."""
    return (f"Diagnosis codes: {status.version}, for services "
            f"{format_date(status.valid_from)}-{format_date(status.valid_through)}")


class CodeSetBox(QGroupBox):
    """Asks for the status when first shown (building the code index takes a second, not while the pane opens)."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__("Diagnosis code set (ICD-10-CM)", parent)
        self.setObjectName("code_set_box")
        self.uictx = uictx
        self._status_sink = status
        self._asked = False
        self.version_label = QLabel("Diagnosis codes: loading\u2026", self)
        self.version_label.setObjectName("code_set_version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label = QLabel(self)
        self.source_label.setObjectName("code_set_source")
        # The warning is an icon AND words, never colour alone.
        self.warning = QWidget(self)
        self.warning.setObjectName("code_set_warning")
        icon = QLabel(self.warning)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        icon.setAccessibleName("Warning")
        self.warning_text = QLabel(self.warning)
        self.warning_text.setObjectName("code_set_warning_text")
        self.warning_text.setWordWrap(True)
        row = QHBoxLayout(self.warning)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.warning_text, 1)
        self.warning.hide()
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("code_set_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.import_button = QPushButton("&Import ICD-10-CM release\u2026", self)
        self.import_button.setObjectName("import_code_set")
        self.import_button.setToolTip("Load the yearly CMS release (the order file or its zip) for this practice")
        self.busy_label = QLabel("Importing\u2026 checking about 98,000 codes", self)
        self.busy_label.setObjectName("code_set_busy")
        self.busy_label.hide()
        self.role_hint = QLabel("Importing a release needs the billing or administrator role.", self)
        self.role_hint.setObjectName("code_set_role_hint")
        self.error = FieldError(self)
        self.error.setObjectName("file_error")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.busy_label)
        buttons.addWidget(self.role_hint)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.version_label, self.source_label, self.warning, self.problem_label):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.import_button.clicked.connect(self.import_release)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _actor: self.apply_permissions())
        self.apply_permissions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.refresh()

    def apply_permissions(self) -> None:
        """Only a role that manages billing settings may import (the service checks again)."""
        may = allowed(self.uictx, Permission.MANAGE_BILLING_SETTINGS)
        self.import_button.setEnabled(may and self.busy_label.isHidden())
        self.role_hint.setVisible(not may)

    def refresh(self) -> None:
        """Ask for the code set's status again."""
        self.uictx.call(diagnosis_codes.code_set_status, on_done=guarded(self, self.show_status))

    def show_status(self, status: CodeSetStatus) -> None:
        """Show the release in use and, when it no longer covers today, what to do."""
        self.version_label.setText(version_text(status))
        self.source_label.setText(f"Source: {diagnosis_codes.SOURCE_TEXT.get(status.source, status.source)}.")
        self.warning_text.setText(status.message)
        self.warning.setVisible(status.stale)
        self.problem_label.setText(f"\u2139 {status.problem}" if status.problem else "")
        self.problem_label.setVisible(bool(status.problem))

    def import_release(self) -> None:
        """Choose the CMS file, then check and load it on the database thread (about two seconds)."""
        if not allowed(self.uictx, Permission.MANAGE_BILLING_SETTINGS) or not self.busy_label.isHidden():
            return
        path = ReleaseFileDialog.ask(self, "Import the ICD-10-CM release (CMS order file or its zip)")
        if path is None:
            return
        self.error.clear_error()
        self._set_busy(True)
        self.uictx.call(diagnosis_codes.import_icd10cm_release, path, self.uictx.paths.root,
                        on_done=guarded(self, self._imported), on_error=guarded(self, self._failed))

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.apply_permissions()

    def _imported(self, status: CodeSetStatus) -> None:
        self._set_busy(False)
        self.show_status(status)
        self._status_sink(f"Diagnosis codes updated: {status.version}.")
        self.import_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError | ConflictError):
            # About the chosen file: said beside the button that chose it.
            self.error.show_error(to_user_message(exc).text)
            self.import_button.setFocus()
        else:
            ErrorPresenter(self)(exc)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "code_sets" in topics and self._asked:
            self.refresh()
