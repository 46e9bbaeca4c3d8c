"""The Letters tab of the Desk pane: templates (list + editor with merge fields) and writing one letter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.desk import letters
from frontdesk.services.desk.letters import KIND_LABELS, TemplateInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.letter_editor import TemplateEditor
from frontdesk.ui.desk.letter_models import TemplatesModel
from frontdesk.ui.desk.letter_send import LetterSender
from frontdesk.ui.desk.reminders_dialog import RemindersDialog
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.confirm import ConfirmDialog

TOPICS = frozenset({"letter_templates", "letters"})


class LettersTab(QWidget):
    """Self-contained: loads on first show, follows the signed-in user's rights, refreshes on its topics."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letters_tab")
        self.uictx = uictx
        self._status = status
        self._dirty = True
        self._want_key: str | None = None
        self._new_kind = "free"
        self.model = TemplatesModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("letter_templates")
        self.view.setAccessibleName("Letter templates")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        list_label = QLabel("&Templates:", self)
        list_label.setBuddy(self.view)
        self.new_kind = QComboBox(self)
        self.new_kind.setObjectName("new_template_kind")
        self.new_kind.setAccessibleName("What a new template is about")
        for key, label in KIND_LABELS.items():
            self.new_kind.addItem(label, key)
        self.new_button = QPushButton("Ne&w template", self)
        self.new_button.setObjectName("new_template")
        self.new_button.setToolTip("Add a template of the practice's own (Ctrl+N)")
        self.remove_button = QPushButton("Remo&ve", self)
        self.remove_button.setObjectName("remove_template")
        self.reminders_button = QPushButton("Appointment rem&inders\u2026", self)
        self.reminders_button.setObjectName("appointment_reminders")
        self.reminders_button.setToolTip("Letters, labels, a call list or a reminder service file for a date range "
                                         "(Ctrl+Shift+R)")
        self.editor = TemplateEditor(self)
        self.sender_box = LetterSender(uictx, status, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.view, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_kind, 1)
        new_row.addWidget(self.new_button)
        left_layout.addLayout(new_row)
        left_layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.reminders_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.editor)
        right.addWidget(self.sender_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.editor.save_requested.connect(self.save_template)
        self.new_button.clicked.connect(self.new_template)
        self.remove_button.clicked.connect(self.remove_template)
        self.reminders_button.clicked.connect(self.appointment_reminders)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.editor.save_button.click, context=context)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_button.click, context=context)
        QShortcut(QKeySequence.StandardKey.Print, self, self.sender_box.print_button.click, context=context)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.reminders_button.click, context=context)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _a: self._mark_dirty())
        self._apply_rights()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def _mark_dirty(self) -> None:
        self._apply_rights()
        self._dirty = True
        if self.isVisible():
            self.reload()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "letter_templates" in topics:
            self._mark_dirty()
        if "letters" in topics or "contacts" in topics:
            self.sender_box.refresh_sent()

    def _apply_rights(self) -> None:
        can_edit = allowed(self.uictx, Permission.EDIT_LETTER_TEMPLATES)
        for widget in (self.new_kind, self.new_button, self.remove_button):
            widget.setVisible(can_edit)
        self.editor.set_editable(can_edit)
        self.sender_box.setEnabled(allowed(self.uictx, Permission.SEND_LETTERS))
        self.reminders_button.setEnabled(allowed(self.uictx, Permission.SEND_LETTERS))

    def reload(self) -> None:
        """Reload the templates, keeping the selected one selected."""
        self._dirty = False
        current = self.current_template()
        self._want_key = self._want_key or (current.key if current else None)
        self.uictx.call(letters.list_templates, on_done=guarded(self, self._loaded),
                        on_error=guarded(self, lambda exc: self._status(to_user_message(exc).text)))

    def _loaded(self, rows: list[TemplateInfo]) -> None:
        self.model.set_rows(rows)
        keys = [t.key for t in rows]
        row = keys.index(self._want_key) if self._want_key in keys else 0
        self._want_key = None
        if rows:
            self.view.selectRow(row)
            self._on_current(self.model.index(row, 0), QModelIndex())

    def current_template(self) -> TemplateInfo | None:
        row = self.view.currentIndex().row()
        return self.model.record(row) if 0 <= row < self.model.rowCount() else None

    def select_template(self, key: str) -> None:
        """Select the template with ``key`` (e.g. "recall")."""
        for row in range(self.model.rowCount()):
            if self.model.record(row).key == key:
                self.view.selectRow(row)
                return

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        template = self.model.record(current.row()) if current.isValid() else None
        self.editor.show_template(template, KIND_LABELS.get(template.kind, "") if template else "")
        self.sender_box.set_template(template)
        self.remove_button.setEnabled(template is not None and not template.builtin)

    def new_template(self) -> None:
        """Start a new template of the kind chosen beside the button (saved with Save template)."""
        self.view.clearSelection()
        kind = str(self.new_kind.currentData())
        self.editor.show_template(None, KIND_LABELS[kind])
        self._new_kind = kind
        self.sender_box.set_template(None)
        self.editor.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_template(self, key: object, name: str, subject: str, body: str) -> None:
        kind = self._new_kind if key is None else "free"  # an existing template keeps its own kind
        self.uictx.call(letters.save_template, key, name, subject, body, kind,
                        on_done=guarded(self, self._saved), on_error=guarded(self, self._save_failed))

    def _saved(self, template: TemplateInfo) -> None:
        self._want_key = template.key
        self._status(f"Template \u201c{template.name}\u201d saved.")
        if not self._dirty:  # the 'letter_templates' change already queued a reload otherwise
            self.reload()

    def _save_failed(self, exc: BaseException) -> None:
        if not self.editor.show_error(exc):
            self.editor.form.form_error.show_error(to_user_message(exc).text)

    def appointment_reminders(self) -> None:
        """Batch reminders for a date range (the dialog runs the service and says what it made)."""
        message = RemindersDialog.ask(self, self.uictx)
        if message:
            self._status(message)

    def remove_template(self) -> None:
        template = self.current_template()
        if template is None or template.builtin:
            return
        if not ConfirmDialog.ask(self, "Remove template", f"Remove the template \u201c{template.name}\u201d? "
                                 "Letters already sent keep their text.", "&Remove"):
            return
        self.uictx.call(letters.remove_template, template.key,
                        on_done=guarded(self, lambda _r: self._status(f"Template \u201c{template.name}\u201d removed.")),
                        on_error=guarded(self, self._save_failed))
