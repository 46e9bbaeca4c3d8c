"""The Schedule hours tab: a provider's weekly hours, date-range exceptions, blockouts, and practice holidays."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling import schedule_setup
from frontdesk.services.scheduling.schedule_setup import (
    BlockoutInfo,
    ExceptionInfo,
    HolidayInfo,
    HoursSpan,
)
from frontdesk.services.session import ServiceContext
from frontdesk.ui.admin.schedule_dialogs import (
    BlockoutDialog,
    ExceptionDialog,
    HolidayDialog,
)
from frontdesk.ui.admin.schedule_hours_editor import WeeklyHoursEditor
from frontdesk.ui.admin.schedule_models import (
    BlockoutsModel,
    ExceptionsModel,
    HolidaysModel,
    blockout_when,
    exception_hours,
)
from frontdesk.ui.admin.schedule_section import RecordSection
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import clock_text, days_text
from frontdesk.ui.widgets.tab_base import AdminTab


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class HoursSetup:
    """Everything the tab shows for one provider (plus the practice-wide holidays)."""

    providers: list[ProviderInfo]
    provider_id: int | None
    hours: list[HoursSpan]
    exceptions: list[ExceptionInfo]
    blockouts: list[BlockoutInfo]
    holidays: list[HolidayInfo]


def load_hours_setup(ctx: ServiceContext, provider_id: int | None) -> HoursSetup:
    """Read the providers, then one provider's hours, exceptions and blockouts, and the holidays."""
    providers = providers_service.list_providers(ctx, include_inactive=True)
    ids = [p.id for p in providers]
    if provider_id not in ids:
        provider_id = next((p.id for p in providers if p.active), ids[0] if ids else None)
    if provider_id is None:
        return HoursSetup(providers, None, [], [], schedule_setup.list_blockouts(ctx), schedule_setup.list_holidays(ctx))
    return HoursSetup(providers, provider_id, schedule_setup.weekly_hours(ctx, provider_id),
                      schedule_setup.list_exceptions(ctx, provider_id),
                      schedule_setup.list_blockouts(ctx, provider_id), schedule_setup.list_holidays(ctx))


class ScheduleHoursTab(AdminTab):
    """When each provider works, when they do not, and when the practice is closed."""

    topics = frozenset({"schedule_setup", "providers"})
    permission = Permission.VIEW_SCHEDULE
    denied_text = "Your role does not allow viewing the schedule set-up."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.data: HoursSetup | None = None
        self._dirty = False
        self.notice = Notice(self)
        self.provider_combo = QComboBox(self)
        self.provider_combo.setMinimumContentsLength(28)
        provider_label = QLabel("&Provider:", self)
        provider_label.setBuddy(self.provider_combo)

        self.editor = WeeklyHoursEditor(self)
        self.hours_form = ValidatedForm(self)
        self.hours_form.add_field("hours", "", self.editor)
        self.copy_button = QPushButton("&Copy Monday to Tue\u2013Fri", self)
        self.save_button = QPushButton("&Save hours", self)
        self.undo_button = QPushButton("&Undo changes", self)
        hours_box = QGroupBox("Weekly working hours", self)
        hours_layout = QVBoxLayout(hours_box)
        hours_layout.addWidget(self.hours_form)
        hours_buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.undo_button):
            hours_buttons.addWidget(button)
        hours_buttons.addStretch(1)
        hours_layout.addLayout(hours_buttons)

        self.exceptions = RecordSection("Exceptions (days off, other hours)", ExceptionsModel(self), self)
        self.add_exception_button = self.exceptions.add_button("Add e&xception\u2026",
                                                               "Days off or different hours for a date range")
        self.remove_exception_button = self.exceptions.add_button("Remove exception", deletes=True)
        self.blockouts = RecordSection("Blockouts (lunch, meetings, procedures)", BlockoutsModel(self._name, self),
                                       self)
        self.add_blockout_button = self.blockouts.add_button("Add &blockout\u2026",
                                                             "Time nobody can book, every week or once")
        self.remove_blockout_button = self.blockouts.add_button("Remove blockout", deletes=True)
        self.holidays = RecordSection("Holidays (whole practice closed)", HolidaysModel(self), self)
        self.add_holiday_button = self.holidays.add_button("Add &holiday\u2026")
        self.remove_holiday_button = self.holidays.add_button("Remove holiday", deletes=True)

        top = QHBoxLayout()
        top.addWidget(provider_label)
        top.addWidget(self.provider_combo)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(hours_box)
        left.addWidget(self.exceptions, 1)
        right = QVBoxLayout()
        right.addWidget(self.blockouts, 1)
        right.addWidget(self.holidays, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.addWidget(self.notice)
        inner.addLayout(top)
        inner.addLayout(columns, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.provider_combo.activated.connect(self._provider_chosen)
        self.editor.changed.connect(self._edited)
        self.copy_button.clicked.connect(self.editor.copy_monday_to_weekdays)
        self.save_button.clicked.connect(self.save_hours)
        self.undo_button.clicked.connect(self._undo)
        self.add_exception_button.clicked.connect(self._add_exception)
        self.remove_exception_button.clicked.connect(self._remove_exception)
        self.add_blockout_button.clicked.connect(self._add_blockout)
        self.remove_blockout_button.clicked.connect(self._remove_blockout)
        self.add_holiday_button.clicked.connect(self._add_holiday)
        self.remove_holiday_button.clicked.connect(self._remove_holiday)
        for section in (self.exceptions, self.blockouts, self.holidays):
            section.selection_changed.connect(self._update_buttons)
        self._update_buttons()

    # -- data ----------------------------------------------------------------------------------
    def provider(self) -> ProviderInfo | None:
        if self.data is None:
            return None
        return next((p for p in self.data.providers if p.id == self.data.provider_id), None)

    def _name(self, provider_id: int) -> str:
        found = next((p for p in self.data.providers if p.id == provider_id), None) if self.data else None
        return found.display_name if found else f"Provider #{provider_id}"

    def load(self) -> None:
        self.call(load_hours_setup, self.data.provider_id if self.data else None, on_done=self._loaded)

    def _loaded(self, data: HoursSetup) -> None:
        changed_provider = self.data is None or self.data.provider_id != data.provider_id
        self.data = data
        self.notice.clear_text()
        self.provider_combo.clear()
        for p in data.providers:
            self.provider_combo.addItem(p.display_name + ("" if p.active else " (deactivated)"), p.id)
        self.provider_combo.setCurrentIndex(self.provider_combo.findData(data.provider_id))
        if changed_provider or not self._dirty:
            self._show_hours(data.hours)
        self.exceptions.set_rows(data.exceptions, "No exceptions: the weekly hours apply every week.")
        self.blockouts.set_rows(data.blockouts, "No blockouts.")
        self.holidays.set_rows(data.holidays, "No holidays entered.")
        if data.provider_id is None:
            self.notice.show_text("No providers yet: add them on the Providers tab, then set their hours here.")
        self._update_buttons()

    def _show_hours(self, spans: list[HoursSpan]) -> None:
        crowded = self.editor.set_spans(spans)
        self._dirty = False
        self.hours_form.clear_errors()
        if crowded:
            self.hours_form.form_error.show_error(
                f"{', '.join(crowded)} has more than two working stretches; only the first two show, and saving "
                "keeps only those.")

    def clear(self, reason: str) -> None:
        self.data = None
        self.provider_combo.clear()
        self.editor.set_spans([])
        self._dirty = False
        for section in (self.exceptions, self.blockouts, self.holidays):
            section.set_rows([])
        if reason:
            self.notice.show_text(reason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_SCHEDULE_SETUP)
        has_provider = manage and self.provider() is not None
        self.editor.setEnabled(has_provider)
        self.copy_button.setEnabled(has_provider)
        self.save_button.setEnabled(has_provider and self._dirty)
        self.undo_button.setEnabled(has_provider and self._dirty)
        self.add_exception_button.setEnabled(has_provider)
        self.remove_exception_button.setEnabled(manage and self.exceptions.selected() is not None)
        self.add_blockout_button.setEnabled(manage and self.data is not None)
        self.remove_blockout_button.setEnabled(manage and self.blockouts.selected() is not None)
        self.add_holiday_button.setEnabled(manage and self.data is not None)
        self.remove_holiday_button.setEnabled(manage and self.holidays.selected() is not None)

    # -- weekly hours --------------------------------------------------------------------------
    def _edited(self) -> None:
        self._dirty = True
        self._update_buttons()

    def _provider_chosen(self, _index: int) -> None:
        wanted = self.provider_combo.currentData()
        if self.data is None or wanted == self.data.provider_id:
            return
        provider = self.provider()
        if self._dirty and provider is not None and not ConfirmDialog.ask(
                self, "Unsaved hours", f"Discard the unsaved changes to {provider.display_name}'s hours?",
                "&Discard changes", "&Keep editing"):
            self.provider_combo.setCurrentIndex(self.provider_combo.findData(self.data.provider_id))
            return
        self._dirty = False
        self.call(load_hours_setup, wanted, on_done=self._loaded)

    def _undo(self) -> None:
        if self.data is not None:
            self._show_hours(self.data.hours)
            self._update_buttons()

    def save_hours(self) -> None:
        """Store the weekly hours shown for the chosen provider (Alt+S)."""
        provider = self.provider()
        if provider is None or not self.save_button.isEnabled():
            return
        self.hours_form.clear_errors()
        try:
            spans = self.editor.spans()
        except ValidationError as exc:  # a time typed that is not one: said under the hours, nothing saved
            self.hours_form.show_exception(exc)
            return
        self._dirty = False  # the reload after the save shows what was stored
        self.call(schedule_setup.set_weekly_hours, provider.id, spans,
                  on_done=lambda saved: self.status(
                      f"Saved {provider.display_name}'s weekly hours "
                      f"({days_text({s.weekday for s in saved}) if saved else 'no working days'})."),
                  on_error=self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        self._dirty = True
        self._update_buttons()
        if not self.hours_form.show_exception(exc):
            ErrorPresenter(self)(exc)

    # -- exceptions, blockouts, holidays -------------------------------------------------------
    def _add_exception(self) -> None:
        provider = self.provider()
        if provider is None:
            return
        added = ExceptionDialog.ask(self, self.uictx, provider)
        if added is not None:
            self.exceptions.select(added.id)
            span = (added.first_day.strftime("%m/%d/%Y") if added.first_day == added.last_day else
                    f"{added.first_day.strftime('%m/%d/%Y')} to {added.last_day.strftime('%m/%d/%Y')}")
            self.status(f"Added an exception for {provider.display_name}: {span}, {_lower_first(exception_hours(added))}.")

    def _remove_exception(self) -> None:
        chosen = self.exceptions.selected()
        if chosen is not None:
            self.call(schedule_setup.remove_exception, chosen.id,
                      on_done=lambda _r: self.status("Removed the exception; the weekly hours apply again."))

    def _add_blockout(self) -> None:
        if self.data is None:
            return
        added = BlockoutDialog.ask(self, self.uictx, [p for p in self.data.providers if p.active],
                                   self.data.provider_id)
        if added is not None:
            self.blockouts.select(added.id)
            self.status(f"Added blockout: {added.kind}, {_lower_first(blockout_when(added))} "
                        f"{clock_text(added.start)}\u2013{clock_text(added.end)}.")

    def _remove_blockout(self) -> None:
        chosen = self.blockouts.selected()
        if chosen is not None:
            self.call(schedule_setup.remove_blockout, chosen.id,
                      on_done=lambda _r: self.status("Removed the blockout; that time can be booked again."))

    def _add_holiday(self) -> None:
        added = HolidayDialog.ask(self, self.uictx)
        if added is not None:
            self.holidays.select(added.id)
            self.status(f"Added holiday {added.name} ({added.day.strftime('%m/%d/%Y')}).")

    def _remove_holiday(self) -> None:
        chosen = self.holidays.selected()
        if chosen is not None:
            self.call(schedule_setup.remove_holiday, chosen.id,
                      on_done=lambda _r: self.status(f"Removed holiday {chosen.name}."))
