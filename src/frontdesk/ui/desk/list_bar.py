"""The bar above the Messages and Tasks lists: whose rows to show, "Include done", how many, and the one action."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget


class ListBar(QWidget):
    """'Show: [scope]  [ ] Include done   3 messages            [Take message...]'.

    ``changed`` fires when the scope or "Include done" changes (the tab reloads its list);
    ``action_requested`` fires from the button and from ``shortcut``, which works anywhere in ``parent``
    (the whole tab, not only this bar). Object names are ``<name>_scope``, ``<name>_show_done``,
    ``<name>_count`` and ``action_name``.
    """

    changed = Signal()
    action_requested = Signal()

    def __init__(self, parent: QWidget, *, name: str, scopes: Sequence[tuple[str, str]], noun: str,
                 action_text: str, action_name: str, action_tip: str, shortcut: str) -> None:
        super().__init__(parent)
        self._noun = noun
        self.scope = QComboBox(self)
        self.scope.setObjectName(f"{name}_scope")
        for key, label in scopes:
            self.scope.addItem(label, key)
        scope_label = QLabel("S&how:", self)
        scope_label.setBuddy(self.scope)
        self.show_done = QCheckBox("Include d&one", self)
        self.show_done.setObjectName(f"{name}_show_done")
        self.count_label = QLabel(self)
        self.count_label.setObjectName(f"{name}_count")
        self.action_button = QPushButton(action_text, self)
        self.action_button.setObjectName(action_name)
        self.action_button.setToolTip(action_tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # sits in the tab's own margins, as a plain row of it would
        layout.addWidget(scope_label)
        layout.addWidget(self.scope)
        layout.addWidget(self.show_done)
        layout.addWidget(self.count_label, 1)
        layout.addWidget(self.action_button)

        self.scope.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.show_done.toggled.connect(lambda _on: self.changed.emit())
        self.action_button.clicked.connect(lambda: self.action_requested.emit())
        QShortcut(QKeySequence(shortcut), parent, self.action_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def scope_key(self) -> str:
        """The chosen scope's key ("inbox", "mine", ...)."""
        return str(self.scope.currentData())

    def include_done(self) -> bool:
        return self.show_done.isChecked()

    def show_count(self, total: int) -> None:
        """'3 messages', '1 task', or 'No tasks here.'."""
        plural = "" if total == 1 else "s"
        self.count_label.setText(f"{total:,} {self._noun}{plural}" if total else f"No {self._noun}s here.")
