"""The encounter header form: date of service, rendering provider, place of service, box 17, 23, 14 and 10."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from frontdesk.domain.dates import parse_us_date
from frontdesk.domain.formats import format_date
from frontdesk.domain.procedure_codes import PLACES_OF_SERVICE
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.errors import ValidationError
from frontdesk.services.billing.billing_types import EncounterHeader
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate, to_qdate

REFERRING_CHOICES = (("", "None"), ("DN", "DN \u2013 Referring provider"), ("DK", "DK \u2013 Ordering provider"))


def pos_combo(parent: QWidget, *, blank: str = "") -> QComboBox:
    """Place of service codes shown as '11 \u2013 Office'; ``blank`` adds a first item meaning 'none'."""
    combo = QComboBox(parent)
    if blank:
        combo.addItem(blank, "")
    for code, name in PLACES_OF_SERVICE.items():
        combo.addItem(f"{code} \u2013 {name}", code)
    combo.setMaxVisibleItems(15)
    combo.setMinimumContentsLength(18)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    """Select the item whose data is ``value`` (first item when none matches)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def optional_date(text: str, field: str, label: str, today: date) -> date | None:
    """Blank -> None; MM/DD/YYYY -> date (two-digit years before the practice's ``today``); else a ValidationError."""
    if not text.strip():
        return None
    value = parse_us_date(text, today=today, past=True)
    if value is None:
        raise ValidationError(field, f"{label} is not a date; type it as MM/DD/YYYY.")
    return value


class EncounterHeaderForm(QWidget):
    """Two columns of fields named after EncounterHeader's attributes, errors beside each field."""

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # the practice's today: the default date of service
        self.left = ValidatedForm(self)
        self.right = ValidatedForm(self)
        self.service_date = self.left.add_field("service_date", "&Date of service:", date_edit(self, clock.today()))
        self.provider = self.left.add_field("rendering_provider_id", "Rendering pro&vider:", QComboBox(self))
        self.pos = self.left.add_field("place_of_service", "Place of se&rvice:", pos_combo(self))
        self.prior_auth = self.left.add_field("prior_authorization", "Prior a&uthorization:", QLineEdit(self))
        self.onset = self.left.add_field("onset_date", "&Onset date (box 14):", QLineEdit(self))
        self.onset.setPlaceholderText("MM/DD/YYYY (optional)")
        self.referring_qualifier = self.right.add_field("referring_qualifier", "Re&ferring (box 17):",
                                                        QComboBox(self))
        for key, text in REFERRING_CHOICES:
            self.referring_qualifier.addItem(text, key)
        names = QWidget(self)
        self.referring_first = QLineEdit(names)
        self.referring_first.setPlaceholderText("First name")
        self.referring_last = QLineEdit(names)
        self.referring_last.setPlaceholderText("Last name")
        row = QHBoxLayout(names)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.referring_first)
        row.addWidget(self.referring_last)
        self.right.add_field("referring_last_name", "Referring na&me:", names)
        names.setObjectName("referring_names")
        self.referring_first.setObjectName("referring_first_name")
        self.referring_last.setObjectName("referring_last_name")
        self.referring_npi = self.right.add_field("referring_npi", "Referring NP&I:", QLineEdit(self))
        self.referring_npi.setMaxLength(10)
        checks = QWidget(self)
        self.employment = QCheckBox("&Employment", checks)
        self.employment.setObjectName("employment_related")
        self.auto_accident = QCheckBox("Auto accident", checks)
        self.auto_accident.setObjectName("auto_accident")
        self.other_accident = QCheckBox("Other accident", checks)
        self.other_accident.setObjectName("other_accident")
        box = QGridLayout(checks)  # two rows: one row is too wide beside the diagnoses at 1366x768
        box.setContentsMargins(0, 0, 0, 0)
        for number, check in enumerate((self.employment, self.auto_accident, self.other_accident)):
            box.addWidget(check, number // 2, number % 2)
        self.right.add_field("box10", "Related to (box 10):", checks)
        self.accident_state = self.right.add_field("auto_accident_state", "Accident st&ate:", QLineEdit(self))
        self.accident_state.setMaxLength(2)
        self.accident_state.setPlaceholderText("e.g. NY (auto accident only)")
        # "Auto accident needs the state" is about the tick: unticking answers it.
        self.auto_accident.toggled.connect(self._auto_accident_toggled)
        self.notes = self.left.add_field("notes", "Notes (not on the claim):", QLineEdit(self))
        self.notes.setMaxLength(500)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.left, 1)
        layout.addWidget(self.right, 1)
        self._field_alias = {"referring_first_name": "referring_last_name", "employment_related": "box10",
                             "auto_accident": "box10", "other_accident": "box10"}

    def set_providers(self, providers: list[ProviderInfo]) -> None:
        """Fill the provider list (active providers; keeps the current choice when still there)."""
        current = self.provider.currentData()
        self.provider.clear()
        for p in providers:
            self.provider.addItem(p.display_name if p.active else f"{p.display_name} (inactive)", p.id)
        if current is not None:
            select_data(self.provider, current)

    def set_header(self, header: EncounterHeader) -> None:
        """Show a saved header."""
        self.service_date.setDate(to_qdate(header.service_date))
        select_data(self.provider, header.rendering_provider_id)
        select_data(self.pos, header.place_of_service)
        select_data(self.referring_qualifier, header.referring_qualifier)
        self.referring_first.setText(header.referring_first_name)
        self.referring_last.setText(header.referring_last_name)
        self.referring_npi.setText(header.referring_npi)
        self.prior_auth.setText(header.prior_authorization)
        self.onset.setText(format_date(header.onset_date))
        self.employment.setChecked(header.employment_related)
        self.auto_accident.setChecked(header.auto_accident)
        self.accident_state.setText(header.auto_accident_state)
        self.other_accident.setChecked(header.other_accident)
        self.notes.setText(header.notes)

    def header(self) -> EncounterHeader:
        """What is typed; ValidationError for an unreadable onset date (the service checks the rest)."""
        provider_id = self.provider.currentData()
        return EncounterHeader(
            service_date=from_qdate(self.service_date.date()),
            rendering_provider_id=provider_id if isinstance(provider_id, int) else 0,
            place_of_service=self.pos.currentData() or "11",
            referring_qualifier=self.referring_qualifier.currentData() or "",
            referring_first_name=self.referring_first.text().strip(),
            referring_last_name=self.referring_last.text().strip(),
            referring_npi=self.referring_npi.text().strip(),
            prior_authorization=self.prior_auth.text().strip(),
            onset_date=optional_date(self.onset.text(), "onset_date", "Onset date", self.clock.today()),
            employment_related=self.employment.isChecked(),
            auto_accident=self.auto_accident.isChecked(),
            auto_accident_state=self.accident_state.text().strip().upper(),
            other_accident=self.other_accident.isChecked(),
            notes=self.notes.text().strip(),
        )

    def widget_for(self, field: str) -> QWidget | None:
        """The input that holds EncounterHeader field ``field`` (for problem clicks)."""
        named = self.findChild(QWidget, field) if field else None
        if named is not None:
            return named
        form, name = self._form_of(field)
        return form.field(name) if form is not None else None

    def _form_of(self, field: str) -> tuple[ValidatedForm | None, str]:
        name = self._field_alias.get(field, field)
        for form in (self.left, self.right):
            try:
                form.field(name)
            except KeyError:
                continue
            return form, name
        return None, name

    def focus_field(self, field: str) -> bool:
        """Put the cursor in ``field``; False when this form has no such field."""
        widget = self.widget_for(field)
        if widget is None:
            return False
        widget.setFocus()
        return True

    def clear_errors(self) -> None:
        self.left.clear_errors()
        self.right.clear_errors()

    def _auto_accident_toggled(self, ticked: bool) -> None:
        if not ticked:
            self.right.error_label("auto_accident_state").clear_error()

    def show_exception(self, exc: BaseException) -> bool:
        """A header field error beside its field (the first-name box shares the name row's message)."""
        field = getattr(exc, "field", None)
        self.clear_errors()
        form, name = self._form_of(field or "")
        if form is None:
            return False
        shown = form.show_exception(ValidationError(name, str(exc)))
        widget = self.widget_for(field or "")
        if widget is not None:
            widget.setFocus()
        return shown
