"""Small form building blocks (dates, combos, status icons, field groups) for patient, insurance and billing forms."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QStyle, QWidget

from frontdesk.domain.formats import format_date
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.ui.widgets.form import ValidatedForm, show_on_forms

DATE_PLACEHOLDER = "MM/DD/YYYY"

# Icons paired with a status text (never colour or icon alone).
_ICONS = {
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def status_icon(kind: str) -> QIcon:
    """The check mark ('ok'), warning sign ('warning') or information sign ('info') of the current style."""
    return QApplication.style().standardIcon(_ICONS[kind])


def today_text(clock: PracticeClock) -> str:
    """The practice's today as a form shows it: 11/27/2026."""
    return format_date(clock.today())


def narrow(widget: QWidget, chars: int) -> QWidget:
    """Cap a field's width at about ``chars`` characters, so short values get short boxes."""
    widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance("0") * chars + 28)
    return widget


def line_edit(parent: QWidget, *, max_len: int = 80, placeholder: str = "", text: str = "",
              chars: int | None = None) -> QLineEdit:
    """A plain text field; its text goes to the service as typed (the service validates)."""
    edit = QLineEdit(parent)
    edit.setMaxLength(max_len)
    edit.setPlaceholderText(placeholder)
    edit.setText(text)
    if chars is not None:
        narrow(edit, chars)
    return edit


def date_edit(parent: QWidget, value: date | None = None, *, placeholder: str = DATE_PLACEHOLDER) -> QLineEdit:
    """A date typed the US way (03/14/2026, 3/14/26...); the service reads and checks it."""
    return line_edit(parent, max_len=10, placeholder=placeholder, text=format_date(value), chars=12)


def code_combo(parent: QWidget, choices: dict[str, str] | dict[int, str], *, placeholder: str = "",
               current: object = None) -> QComboBox:
    """A combo of labels whose item data is the service's code; no choice shows ``placeholder``."""
    combo = QComboBox(parent)
    for code, label in choices.items():
        combo.addItem(label, code)
    if placeholder:
        combo.setPlaceholderText(placeholder)
    select_data(combo, current)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    """Pick the item whose data is ``value`` (none, showing the placeholder, when absent)."""
    combo.setCurrentIndex(combo.findData(value) if value is not None else -1)


class FormGroup:
    """Several ValidatedForms (e.g. two columns of one dialog) that show errors as one form.

    A service error lands beside the field it names in whichever form holds that field; others go to
    the top of the first form. It offers what ServiceFormDialog uses of a form.
    """

    def __init__(self, *forms: ValidatedForm) -> None:
        self.forms = forms

    def _holder(self, name: str) -> ValidatedForm | None:
        for form in self.forms:
            try:
                form.field(name)
            except KeyError:
                continue
            return form
        return None

    def error_label(self, name: str):  # type: ignore[no-untyped-def]
        holder = self._holder(name)
        if holder is None:
            raise KeyError(name)
        return holder.error_label(name)

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()

    def show_exception(self, exc: BaseException) -> bool:
        """Every field error beside its field in whichever form holds it (see show_on_forms)."""
        return show_on_forms(self.forms, exc)


def set_field_visible(form: ValidatedForm, name: str, visible: bool) -> None:
    """Show or hide one field's whole row (label, field and its error) of a ValidatedForm."""
    box = form.field(name).parentWidget()  # add_field put the field in a box with its error label
    row, _role = form.layout_.getWidgetPosition(box)
    if row >= 0:
        form.layout_.setRowVisible(row, visible)
