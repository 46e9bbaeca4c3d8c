"""The one money field: every box where an amount is typed refuses, key by key, what can never be an amount
("70.70.00", a third decimal, letters), and takes "$1,234.56", "1234.5" or "70" as typed.

The check as typed is ``domain.money.could_be_money``; the amount itself is read once, by ``parse_money`` in
the service (which names the field when it refuses). Table cells that hold amounts use ``MoneyDelegate``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from frontdesk.domain.money import could_be_money

MAX_CHARS = 20


class MoneyValidator(QValidator):
    """Invalid: what can never become an amount (the key is refused); Acceptable: everything else.

    Never Intermediate: a line edit holding Intermediate text swallows Enter (no returnPressed) and leaving
    it says nothing, so "1,2" + Enter would do nothing at all. Whether the whole is an amount is said
    beside the field by the service's parse_money, like any other field error.
    """

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # type: ignore[override]
        state = QValidator.State.Acceptable if could_be_money(text) else QValidator.State.Invalid
        return state, text, pos


def make_money_field(edit: QLineEdit, placeholder: str | None = None) -> QLineEdit:
    """Make ``edit`` a money field (kept for fields built by a form's own line-edit helper); returns it."""
    edit.setValidator(MoneyValidator(edit))
    edit.setMaxLength(MAX_CHARS)
    if placeholder is not None:
        edit.setPlaceholderText(placeholder)
    edit.setToolTip("An amount, e.g. 25.00 or $1,234.56")
    return edit


class MoneyField(QLineEdit):
    """A line edit for an amount of money (see the module docstring); ``text()`` is what was typed."""

    def __init__(self, parent: QWidget | None = None, text: str = "", *, placeholder: str = "0.00") -> None:
        super().__init__(text, parent)
        make_money_field(self, placeholder)


class MoneyDelegate(QStyledItemDelegate):
    """Cell editors of the given columns are money fields (other columns keep the default editor)."""

    def __init__(self, columns: Iterable[int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = frozenset(columns)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if index.column() in self.columns and isinstance(editor, QLineEdit):
            make_money_field(editor)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor
