"""Block out time from the calendar (the doctor is out sick): a provider, today or the coming days, the whole day
or a span, and why. The visits already booked in that time are listed before and after saving; they stay booked."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from frontdesk.services.scheduling import desk_blockouts
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.services.scheduling.desk_blockouts import DeskBlockoutInput, DeskBlockoutResult
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.grid_paint import clock
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate, time_edit

DEFAULT_REASON = "Out sick"
LISTED = 5  # visits named in a message; the rest are counted


def booked_text(booked: tuple[AppointmentInfo, ...] | list[AppointmentInfo]) -> str:
    """'Still booked in this time (not moved or cancelled): Tue 03/05 9:00 AM Able, Ann; …'."""
    if not booked:
        return "Nobody is booked in this time."
    names = "; ".join(f"{a.start.strftime('%a %m/%d')} {clock(a.start.hour * 60 + a.start.minute)} {a.patient_name}"
                      for a in booked[:LISTED])
    more = f" and {len(booked) - LISTED} more" if len(booked) > LISTED else ""
    visits = f"{len(booked)} visit{'s' if len(booked) != 1 else ''}"
    return f"{visits} still booked in this time (not moved or cancelled; call the patients): {names}{more}."


class BlockoutDialog(ServiceFormDialog):
    """Collect a blockout -> desk_blockouts.add_desk_blockout; the result names who is still booked."""

    def __init__(self, uictx: UiContext, catalog: Catalog, provider_id: int | None, day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Block out time", "&Block out", parent)
        self.provider = QComboBox(self)
        for p in catalog.active_providers:
            self.provider.addItem(p.display_name, p.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(provider_id)))
        self.first_day = date_edit(self, day)
        self.last_day = date_edit(self, day)
        self.whole_day = QCheckBox("&Whole day", self)
        self.whole_day.setChecked(True)
        step = catalog.settings.slot_minutes
        self.start_time = time_edit(self, time(9), field="start", label="From", step_minutes=step)
        self.end_time = time_edit(self, time(17), field="end", label="Until", step_minutes=step)
        times = QWidget(self)
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.whole_day)
        row.addSpacing(12)
        row.addWidget(QLabel("or from", times))
        row.addWidget(self.start_time)
        row.addStretch(1)
        times.setFocusProxy(self.whole_day)
        self.reason = QLineEdit(DEFAULT_REASON, self)
        self.reason.setMaxLength(200)
        self.booked = QLabel(self)
        self.booked.setObjectName("blockout_booked")
        self.booked.setWordWrap(True)
        self.form.add_field("provider_id", "&Provider:", self.provider)
        self.form.add_field("first_day", "&First day:", self.first_day)
        self.form.add_field("last_day", "&Last day:", self.last_day)
        self.form.add_field("start", "&Time:", times)
        self.form.add_field("end", "&Until:", self.end_time)
        self.form.add_field("reason", "&Reason:", self.reason)
        self.form.layout_.addRow("", self.booked)
        self._preview_seq = 0
        self.whole_day.toggled.connect(self._times_changed)
        for signal in (self.provider.currentIndexChanged, self.first_day.dateChanged, self.last_day.dateChanged,
                       self.start_time.editingFinished, self.end_time.editingFinished):
            signal.connect(lambda *_a: self._preview())
        self.first_day.dateChanged.connect(self._first_changed)
        self._times_changed(True)
        self.provider.setFocus()

    def _first_changed(self) -> None:
        if self.last_day.date() < self.first_day.date():
            self.last_day.setDate(self.first_day.date())

    def _times_changed(self, whole: bool) -> None:
        self.start_time.setEnabled(not whole)
        self.end_time.setEnabled(not whole)
        self._preview()

    def blockout(self) -> DeskBlockoutInput:
        """What the form describes (a mistyped time raises ValidationError naming its field)."""
        whole = self.whole_day.isChecked()
        return DeskBlockoutInput(self.provider.currentData(), from_qdate(self.first_day.date()),
                                 from_qdate(self.last_day.date()), None if whole else self.start_time.value(),
                                 None if whole else self.end_time.value(), self.reason.text())

    def _preview(self) -> None:
        """Who is booked in the time as the form stands (the newest answer only; a form not yet valid says nothing)."""
        self._preview_seq += 1
        seq = self._preview_seq
        try:
            data = self.blockout()
        except Exception:  # noqa: BLE001 - a half-typed time: nothing to preview yet, OK will say what is wrong
            self.booked.setText("")
            return

        def shown(booked: list[AppointmentInfo]) -> None:
            if seq == self._preview_seq:
                self.booked.setText(booked_text(booked))

        self.uictx.call(desk_blockouts.booked_in_blockout, data, on_done=guarded(self, shown),
                        on_error=guarded(self, lambda _exc: shown_nothing(self, seq)))

    def check(self) -> None:
        self.blockout()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(desk_blockouts.add_desk_blockout, self.blockout(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, catalog: Catalog, provider_id: int | None,
            day: date) -> DeskBlockoutResult | None:
        """Show the dialog; the saved blockouts and who is still booked, or None when cancelled."""
        return cls.run(cls(uictx, catalog, provider_id, day, parent))


def shown_nothing(dialog: BlockoutDialog, seq: int) -> None:
    """The preview could not be had (e.g. a past first day): the form's own check on OK says why."""
    if seq == dialog._preview_seq:
        dialog.booked.setText("")
