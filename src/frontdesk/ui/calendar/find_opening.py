"""Find an opening: type, length, providers, days and times -> the first free slots; Enter books one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.services.scheduling.availability import MAX_DAYS, Opening, OpeningQuery
from frontdesk.ui.calendar.extras_data import Catalog, load_catalog
from frontdesk.ui.calendar.opening_search import (
    OpeningsModel,
    SearchOutcome,
    search_openings,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.schedule_inputs import (
    ProviderChecklist,
    WeekdayChecks,
    remap_field,
    stretch_last_column,
    time_edit,
)

RESULT_LIMIT = 20
DEFAULT_DAYS = 60
# Service field names -> this form's fields.
_ALIASES = {"provider_id": "provider_ids", "from_day": "days", "limit": "days"}


@dataclass(frozen=True)
class OpeningChoice:
    """The slot picked: an aware UTC start, who, how long and which type."""

    start: datetime
    provider_id: int
    length_minutes: int
    type_id: int


class FindOpeningDialog(QDialog):
    """Search free slots through services.availability; :attr:`choice` holds the one booked."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 provider_ids: list[int] | None = None, type_id: int | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.choice: OpeningChoice | None = None
        self.catalog: Catalog | None = None
        self._wanted_type = type_id
        self._wanted_providers = list(provider_ids or [])
        self._searched: OpeningQuery | None = None
        self.setWindowTitle("Find an opening")
        self.setModal(True)
        self._build()
        self.uictx.call(load_catalog, on_done=guarded(self, self._loaded), on_error=guarded(self, self._failed))

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.form = ValidatedForm(self)
        self.type_combo = QComboBox(self)
        self.length = QSpinBox(self)
        self.length.setRange(5, 720)
        self.length.setSingleStep(5)
        self.length.setSuffix(" min")
        self.length.setMaximumWidth(140)
        self.providers = ProviderChecklist(self, rows=4)
        self.weekdays = WeekdayChecks(self)
        window = QWidget(self)
        row = QHBoxLayout(window)
        row.setContentsMargins(0, 0, 0, 0)
        self.use_window = QCheckBox("Only &between", window)
        self.window_from = time_edit(window, time(8), field="windows", label="Earliest start")
        self.window_to = time_edit(window, time(12), field="windows", label="Latest end")
        self.window_from.setAccessibleName("Earliest start")
        self.window_to.setAccessibleName("Latest end")
        row.addWidget(self.use_window)
        row.addWidget(self.window_from)
        row.addWidget(QLabel("and", window))
        row.addWidget(self.window_to)
        row.addStretch(1)
        window.setFocusProxy(self.use_window)
        self.days = QSpinBox(self)
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" days")
        self.days.setMaximumWidth(140)
        self.form.add_field("type_id", "Appointment &type:", self.type_combo)
        self.form.add_field("length_minutes", "&Length:", self.length)
        self.form.add_field("provider_ids", "&Providers:", self.providers)
        self.form.add_field("weekdays", "Preferred da&ys:", self.weekdays)
        self.form.add_field("windows", "Time of day:", window)
        self.form.add_field("days", "&Search the next:", self.days)
        hint = QLabel("No provider ticked = every provider who offers the type; no day ticked = any day.", self)
        hint.setWordWrap(True)
        self.form.layout_.addRow("", hint)

        self.find_button = QPushButton("&Find", self)
        self.find_button.setAutoDefault(False)
        self.find_button.setDefault(True)  # Enter in the form searches; Enter in the results books
        self.find_button.setEnabled(False)
        self.summary = QLabel(self)
        self.notice = Notice(self)
        self.notice.setObjectName("empty_reason")
        self.model = OpeningsModel(self)
        self.view, proxy = make_table(self, self.model, sort_role=SORT_ROLE)
        assert proxy is not None
        self.proxy = proxy
        self.view.setAccessibleName("Openings found")
        stretch_last_column(self.view)
        self.view.doubleClicked.connect(self._book_at)
        self.view.installEventFilter(self)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.book_button = self.buttons.addButton("&Book this", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._book)
        self.buttons.rejected.connect(self.reject)

        find_row = QHBoxLayout()
        find_row.addWidget(self.find_button)
        find_row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(find_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.find_button.clicked.connect(self.find)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.use_window.toggled.connect(self._window_toggled)
        self._window_toggled(False)
        self._update_buttons()
        self.resize(760, 660)

    # -- data ----------------------------------------------------------------------------------
    def _loaded(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for appt_type in catalog.active_types():
            self.type_combo.addItem(f"{appt_type.name} ({appt_type.default_minutes} min)", appt_type.id)
        self.type_combo.blockSignals(False)
        wanted = self.type_combo.findData(self._wanted_type) if self._wanted_type is not None else 0
        self.type_combo.setCurrentIndex(max(wanted, 0))
        self._type_changed()
        self.providers.set_checked(self._wanted_providers)
        if not catalog.active_types():
            self.form.form_error.show_error("No appointment types are set up yet (Admin \u203a Schedule resources).")
        self.find_button.setEnabled(bool(catalog.active_types()))
        self.type_combo.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def _type_changed(self) -> None:
        if self.catalog is None:
            return
        type_id = self.type_combo.currentData()
        appt_type = self.catalog.type_of(type_id)
        if appt_type is not None:
            self.length.setValue(appt_type.default_minutes)
        self.providers.set_providers([(p.id, p.display_name) for p in self.catalog.offering(type_id)])

    def _window_toggled(self, on: bool) -> None:
        self.window_from.setEnabled(on)
        self.window_to.setEnabled(on)

    def query(self) -> OpeningQuery:
        """The search the form describes (the service validates it)."""
        type_id = self.type_combo.currentData()
        if type_id is None:
            raise ValidationError("type_id", "Choose an appointment type.")
        windows = ((self.window_from.value(), self.window_to.value()),) \
            if self.use_window.isChecked() else ()
        return OpeningQuery(int(type_id), self.length.value(), tuple(self.providers.checked_ids()),
                            self.weekdays.values(), windows, None, self.days.value(), RESULT_LIMIT)

    def find(self) -> None:
        """Run the search (Alt+F, or Enter in the form)."""
        if self.catalog is None or not self.find_button.isEnabled():
            return
        self.form.clear_errors()
        self.notice.clear_text()
        try:
            query = self.query()
        except ValidationError as exc:
            self.form.show_exception(exc)
            return
        appt_type = self.catalog.type_of(query.type_id)
        searched = ([(p, self.catalog.provider_name(p)) for p in query.provider_ids] if query.provider_ids
                    else [(p.id, p.display_name) for p in self.catalog.offering(query.type_id)])
        self.find_button.setEnabled(False)
        self.summary.setText("Searching\u2026")
        self._searched = query
        self.uictx.call(search_openings, query, appt_type.name if appt_type else "", searched,
                        appt_type.default_minutes if appt_type else 0,
                        on_done=guarded(self, self._found), on_error=guarded(self, self._search_failed))

    def _found(self, outcome: SearchOutcome) -> None:
        self.find_button.setEnabled(True)
        self.model.set_rows(outcome.openings)
        fit_columns(self.view)
        count = len(outcome.openings)
        if not count:
            self.summary.setText("No openings found.")
            self.notice.show_text(" ".join(outcome.reasons))
            self._update_buttons()
            return
        more = " (the first ones)" if count >= RESULT_LIMIT else ""
        self.summary.setText(f"{count} opening{'s' if count != 1 else ''} found{more}. "
                             "Enter or double-click books one.")
        self.view.selectRow(0)
        self.view.setFocus()
        self._update_buttons()

    def _search_failed(self, exc: BaseException) -> None:
        self.find_button.setEnabled(True)
        self.summary.clear()
        self._failed(remap_field(exc, _ALIASES))

    # -- booking -------------------------------------------------------------------------------
    def selected_opening(self) -> Opening | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        self.book_button.setEnabled(self.selected_opening() is not None)

    def _book_at(self, index: QModelIndex) -> None:
        if index.isValid():
            self.view.selectRow(index.row())
            self._book()

    def _book(self) -> None:
        opening = self.selected_opening()
        if opening is None or self._searched is None or self.choice is not None:
            return
        self.choice = OpeningChoice(opening.start.astimezone(UTC), opening.provider_id, opening.length_minutes,
                                    self._searched.type_id)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a result books it (and must not fall through to the Find button).
        if (watched is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._book()
            return True
        return super().eventFilter(watched, event)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, *, provider_ids: list[int] | None = None,
            type_id: int | None = None) -> OpeningChoice | None:
        """Show the dialog; the chosen opening, or None when cancelled."""
        dialog = cls(uictx, parent, provider_ids=provider_ids, type_id=type_id)
        try:
            return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
