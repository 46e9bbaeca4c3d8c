"""Calendar > Reports through the real pane: the office manager's entry on Print's arrow (greyed with the reason
for the desk),
each schedule report's table and chart, the type filter refused where it does not apply, and Save as PDF."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from cal_ui_lib import Clinic, book
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.services.scheduling import appointment_status as status
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.schedule_inputs import to_qdate

MONDAY, FRIDAY = date(2030, 3, 4), date(2030, 3, 8)


def test_schedule_reports_from_the_calendar(qtbot: QtBot, make_pane, uictx, clinic: Clinic, clock, admin_ctx,
                                            statuses, qtmodeltester, tmp_path: Path, monkeypatch) -> None:
    visit = book(clinic.desk, clinic.pat[0], clinic.dr_a, clinic.visit, MONDAY, 10)
    book(clinic.desk, clinic.pat[1], clinic.dr_b, clinic.visit, MONDAY, 11)
    clock.set_local(MONDAY, time(9, 55))
    status.check_in(clinic.desk, visit.id)
    pane = make_pane()
    entry = pane.toolbar.reports_action
    assert entry in pane.toolbar.print_button.menu().actions()
    assert not entry.isEnabled() and "Front desk role" in entry.toolTip()  # the desk's: greyed, with why
    qtbot.keyClick(pane, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert pane.reports_window is None

    uictx.set_actor(admin_ctx.actor)
    assert entry.isEnabled() and "referral source" in entry.toolTip()
    qtbot.keyClick(pane, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window = pane.reports_window
    view = window.view
    qtbot.waitUntil(lambda: view.report is not None)
    view.start.setDate(to_qdate(MONDAY))
    view.end.setDate(to_qdate(FRIDAY))
    qtbot.waitUntil(lambda: view.report is not None and view.report.filter.end == FRIDAY)
    assert view.report.key == "utilisation" and view.second.objectName() == "report_type"
    qtmodeltester.check(view.model)
    last = view.model.rowCount() - 1
    assert view.model.data(view.model.index(last, 0)) == "Total"
    assert view.model.data(view.model.index(last, 1)) == "70.0"  # 2 providers x 5 days x 7 hours
    assert not view.chart.pixmap().isNull()
    window.resize(1366, 768)
    window.grab().save(str(screenshot_path("calendar-reports.png")))

    for key, first_column in (("no_shows_provider", "Provider"), ("no_shows_type", "Appointment type"),
                              ("new_patients", "Month")):
        view.picker.setCurrentIndex(view.picker.findData(key))
        qtbot.waitUntil(lambda k=key: view.report is not None and view.report.key == k)
        qtmodeltester.check(view.model)
        assert view.model.headerData(0, Qt.Orientation.Horizontal) == first_column and view.model.rowCount() >= 2

    assert view.model.data(view.model.index(0, 1)) == "1"  # March: Ann's first kept visit
    window.grab().save(str(screenshot_path("calendar-reports-new-patients.png")))
    view.second.setCurrentIndex(view.second.findData(clinic.visit))
    qtbot.waitUntil(lambda: view.report is None and "choose All appointment types" in view.message.text())
    view.picker.setCurrentIndex(view.picker.findData("no_shows_type"))
    qtbot.waitUntil(lambda: view.report is not None and view.report.key == "no_shows_type")
    assert view.model.rowCount() == 2  # Office visit and the totals

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: tmp_path / "sched.pdf"))
    view.pdf_button.click()
    qtbot.waitUntil(lambda: "Report saved as sched.pdf." in statuses)
    assert (tmp_path / "sched.pdf").read_bytes().startswith(b"%PDF")
