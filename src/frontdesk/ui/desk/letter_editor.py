"""The letter template editor: name, subject and text with the merge fields listed beside it (double-click inserts)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.desk.letters import MERGE_FIELDS, TemplateInfo
from frontdesk.ui.widgets.form import ValidatedForm

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplateEditor(QWidget):
    """Edits one template; ``save_requested(key or None, name, subject, body)`` asks the tab to save it.

    Unknown merge fields are refused by the service when saving; the error appears under the field
    (subject or text) that holds them, with the unknown placeholder named.
    """

    save_requested = Signal(object, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_editor")
        self.key: str | None = None
        self.form = ValidatedForm(self)
        self.name_edit = QLineEdit(self)
        self.subject_edit = QLineEdit(self)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(150)
        self.form.add_field("name", "Template &name:", self.name_edit)
        self.form.add_field("subject", "S&ubject:", self.subject_edit)
        self.form.add_field("body", "Letter te&xt:", self.body_edit)
        self.kind_label = QLabel(self)
        self.kind_label.setObjectName("template_kind")
        self.save_button = QPushButton("&Save template", self)
        self.save_button.setObjectName("save_template")
        self.save_button.setToolTip("Save the template (Ctrl+S); unknown merge fields are flagged")
        self.fields = QListWidget(self)
        self.fields.setObjectName("merge_fields")
        self.fields.setAccessibleName("Merge fields")
        for name, meaning in MERGE_FIELDS.items():
            item = QListWidgetItem("{" + name + "}", self.fields)
            item.setToolTip(meaning)
            item.setData(FIELD_ROLE, name)
        self.field_help = QLabel(self)
        self.field_help.setWordWrap(True)
        self.field_help.setObjectName("merge_field_help")
        fields_label = QLabel("&Merge fields (Enter or double-click inserts):", self)
        fields_label.setBuddy(self.fields)
        fields_label.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(fields_label)
        side.addWidget(self.fields, 1)
        side.addWidget(self.field_help)
        main = QVBoxLayout()
        main.addWidget(self.kind_label)
        main.addWidget(self.form, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        main.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(main, 3)
        layout.addLayout(side, 1)
        self.fields.itemActivated.connect(self.insert_field)
        self.fields.currentItemChanged.connect(
            lambda item, _old: self.field_help.setText(item.toolTip() if item else ""))
        self.save_button.clicked.connect(self._save)
        # The list takes the focus when used, so remember which text box the user was in last.
        self._into_subject = False
        self.subject_edit.cursorPositionChanged.connect(lambda *_a: setattr(self, "_into_subject", True))
        self.body_edit.cursorPositionChanged.connect(lambda: setattr(self, "_into_subject", False))
        self.set_editable(False)

    def set_editable(self, editable: bool) -> None:
        """Users who may not edit templates still read them (and see the fields)."""
        for widget in (self.name_edit, self.subject_edit):
            widget.setReadOnly(not editable)
        self.body_edit.setReadOnly(not editable)
        self.save_button.setVisible(editable)
        self.save_button.setEnabled(editable)

    def show_template(self, template: TemplateInfo | None, kind_text: str = "") -> None:
        """Load ``template`` (None = a new template of the practice's own)."""
        self.form.clear_errors()
        self.key = template.key if template else None
        self.name_edit.setText(template.name if template else "")
        self.subject_edit.setText(template.subject if template else "")
        self.body_edit.setPlainText(template.body if template else "Dear {patient.first_name} {patient.last_name},\n\n")
        origin = "" if template is None else (" (built-in, edited)" if template.edited else
                                              " (built-in)" if template.builtin else " (the practice's own)")
        self.kind_label.setText(f"About: {kind_text}{origin}" if kind_text else "New template")

    def insert_field(self, item: QListWidgetItem) -> None:
        """Put the field at the cursor in the letter text (or the subject when that has focus)."""
        placeholder = "{" + str(item.data(FIELD_ROLE)) + "}"
        if self.body_edit.isReadOnly():
            return
        if self._into_subject:
            self.subject_edit.insert(placeholder)
            self.subject_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.body_edit.insertPlainText(placeholder)
            self.body_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save(self) -> None:
        self.form.clear_errors()
        self.save_requested.emit(self.key, self.name_edit.text(), self.subject_edit.text(),
                                 self.body_edit.toPlainText())

    def show_error(self, exc: BaseException) -> bool:
        """Show a refused save next to its field; False when the error is not a field/form one."""
        return self.form.show_exception(exc)
