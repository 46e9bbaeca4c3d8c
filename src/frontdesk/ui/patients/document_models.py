"""The Documents tab's list model: one item per document, its first-page thumbnail as the icon."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon, QPixmap

from frontdesk.domain.document_kinds import MEDIA_LABELS, size_text
from frontdesk.domain.formats import format_date, format_datetime
from frontdesk.services.patients.documents import DocumentInfo

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


def pages_text(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def caption(info: DocumentInfo) -> str:
    """Under the thumbnail: 'Outside report' and '11/20/2026 · 3 pages' ('In error: ...' when marked so)."""
    kind = f"In error: {info.category_text}" if info.in_error else info.category_text
    return f"{kind}\n{format_date(info.document_date)} \u00b7 {pages_text(info.page_count)}"


def details(info: DocumentInfo, tz: tzinfo) -> str:
    """The tooltip: everything known about the document (its name, kind, size, who attached it)."""
    lines = [info.description] if info.description else []
    lines.append(f"{info.file_name} ({MEDIA_LABELS.get(info.media_type, info.media_type)}, "
                 f"{size_text(info.size_bytes)}, {pages_text(info.page_count)})")
    who = f" by {info.created_by}" if info.created_by else ""
    lines.append(f"Attached {format_datetime(info.created_at, tz)}{who}")
    if info.in_error:
        lines.append(f"Marked in error: {info.in_error_reason}")
    return "\n".join(lines)


class DocumentListModel(QAbstractListModel):
    """Documents for the icon view; the thumbnails are decoded once, when the rows arrive."""

    def __init__(self, tz: tzinfo, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.tz = tz
        self._rows: list[DocumentInfo] = []
        self._icons: list[QIcon] = []

    def set_rows(self, rows: Sequence[DocumentInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._icons = []
        for info in self._rows:
            pixmap = QPixmap()
            pixmap.loadFromData(info.thumbnail)
            self._icons.append(QIcon(pixmap))
        self.endResetModel()

    def record(self, row: int) -> DocumentInfo:
        return self._rows[row]

    def records(self) -> list[DocumentInfo]:
        return list(self._rows)

    def row_of(self, document_id: int) -> int:
        return next((n for n, info in enumerate(self._rows) if info.id == document_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() != 0:
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return caption(info)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return details(info, self.tz)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return caption(info).replace("\n", ", ")
        if role == ID_ROLE:
            return info.id
        return None
