"""The Documents tab of an open patient: thumbnails of the attached files (newest first), Attach… by file dialog
or by dropping files on the tab, Open (Enter) in the viewer, Mark in error….

Every open is recorded by the service; the list itself carries only small thumbnails, never a file's content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.document_pages import THUMBNAIL_BOX
from frontdesk.domain.document_kinds import EXTENSIONS, FILE_FILTER
from frontdesk.services.patients import documents
from frontdesk.services.patients.documents import DocumentFile, DocumentInfo
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.document_add_dialog import AddDocumentDialog
from frontdesk.ui.patients.document_models import DocumentListModel
from frontdesk.ui.patients.document_viewer import DocumentViewer
from frontdesk.ui.patients.patient_tab import PatientRecordTab
from frontdesk.ui.widgets.common import Notice, local_action
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog

ICON = THUMBNAIL_BOX * 3 // 4  # thumbnails shown a little smaller than drawn: sharp, and more fit on a row


def dropped_files(urls: list[Any]) -> list[Path]:
    """The local files among dropped URLs (links from a browser and folders are not documents)."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.is_file()]


class DocumentsTab(PatientRecordTab):
    """The patient's documents as a thumbnail grid; files dropped anywhere on the tab are attached one by one."""

    topics = frozenset({"documents"})
    empty_text = "No documents yet. Attach a scan or saved file with Attach\u2026, or drag files here."

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, parent, status=status)
        self.setObjectName("documents_tab")
        self._pending_selection: int | None = None
        self.notice = Notice(self)
        self.model = DocumentListModel(uictx.clock.tz, self)
        self.view = QListView(self)
        self.view.setObjectName("documents_view")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(ICON, ICON))
        self.view.setGridSize(QSize(ICON + 56, ICON + 56))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWordWrap(True)
        # No uniform item sizes: the first item's size would be every item's, so a tall page beside a wide card lost
        # its caption. The grid already keeps the rows even.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.view.setAcceptDrops(False)  # a drop on the grid reaches the tab (below)
        self.view.viewport().setAcceptDrops(False)
        self.view.setModel(self.model)
        self.setAcceptDrops(True)
        hint = QLabel("Drag scanned or saved files (PDF, JPEG, PNG, TIFF) here to attach them.", self)
        hint.setWordWrap(True)
        self.attach_button = QPushButton("&Attach\u2026", self)
        self.attach_button.setToolTip("Attach a scanned or saved file to this patient (Ctrl+Shift+A)")
        self.open_button = QPushButton("&Open", self)
        self.open_button.setToolTip("Show the selected document (Enter); every view is recorded")
        self.error_button = QPushButton("Mark in &error\u2026", self)
        self.error_button.setToolTip("Take a document attached by mistake out of the list (it is kept)")
        self.show_in_error = QCheckBox("&Include marked in error", self)
        self.show_in_error.setToolTip("Also list the documents marked in error, with the reason")
        self.show_in_error.toggled.connect(lambda _on: self.mark_stale())
        self.attach_button.clicked.connect(self.attach_files)
        self.open_button.clicked.connect(self.open_selected)
        self.error_button.clicked.connect(self.mark_in_error)
        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        local_action(self, "Attach document", "Ctrl+Shift+A", self.attach_files)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        for widget in (self.show_in_error, self.attach_button, self.open_button, self.error_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------------
    def load_patient(self, patient_id: int) -> None:
        self.call_for(patient_id, documents.list_documents, patient_id,
                      include_in_error=self.show_in_error.isChecked(), on_done=self.show_rows)

    def show_rows(self, rows: list[DocumentInfo]) -> None:
        current = self.selected_record()
        keep = self._pending_selection or (current.id if current else None)
        self.notice.clear_text()
        self.model.set_rows(rows)
        if keep is not None:
            self.select_record(keep)
        self._pending_selection = None
        if not rows:
            self.notice.show_text(self.empty_text)
        self._update_buttons()

    def selected_record(self) -> DocumentInfo | None:
        rows = self.view.selectionModel().selectedIndexes()
        return self.model.record(rows[0].row()) if rows else None

    def select_record(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            self._pending_selection = record_id  # the reload after an attach is on its way
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        chosen = self.selected_record()
        self.attach_button.setEnabled(self.can_edit())
        self.open_button.setEnabled(chosen is not None)
        self.error_button.setEnabled(chosen is not None and not chosen.in_error and self.can_edit())

    # -- attach --------------------------------------------------------------------------------
    def attach_files(self) -> None:
        """Choose files with the system dialog, then attach each (its kind and date asked for one by one)."""
        if self.can_edit():
            self.attach_paths(OpenFilesDialog.ask(self, "Attach documents", FILE_FILTER, "document"))

    def attach_paths(self, paths: list[Path]) -> None:
        attached = 0
        for path in paths:
            if self.patient_id is None:
                return
            info = AddDocumentDialog.ask(self, self.uictx, self.patient_id, path)
            if info is None:
                break  # Cancel stops the rest of a several-file drop as well
            attached += 1
            self.select_record(info.id)
        if attached:
            self.status("Document attached" if attached == 1 else f"{attached} documents attached")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.can_edit() and mime.hasUrls() and any(
                Path(url.toLocalFile()).suffix.lower() in EXTENSIONS for url in mime.urls() if url.isLocalFile()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event.mimeData().urls()) if self.can_edit() else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Every dropped file goes to the service, which says why one that is not a document is refused.
        self.attach_paths(paths)

    # -- open, mark in error -------------------------------------------------------------------
    def open_selected(self) -> None:
        chosen = self.selected_record()
        if chosen is not None:
            self.call(documents.open_document, chosen.id, on_done=self._opened)

    def _opened(self, document: DocumentFile) -> None:
        DocumentViewer.ask(self, self.uictx, document, self.status)

    def mark_in_error(self) -> None:
        chosen = self.selected_record()
        if chosen is None or chosen.in_error or not self.can_edit():
            return
        reason = ReasonPromptDialog.ask(self, "Mark document in error",
                                        f"Why is this {chosen.category_text.lower()} in error (wrong patient, "
                                        "unreadable scan...)? It leaves the list but stays in the record.",
                                        "&Mark in error")
        if reason:
            self.call(documents.mark_document_in_error, chosen.id, reason,
                      on_done=lambda _info: self.status("Document marked in error"))
