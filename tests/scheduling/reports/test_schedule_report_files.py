"""Calendar > Reports on paper, in a spreadsheet and on the practice's clock: the PDF's text, the CSV's neutralised
cells and plain numbers, the print / export audit rows, and a month boundary read in the practice's zone while the
computer runs in Tokyo."""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

import pdfplumber
from calendar_support import Clinic, local
from sched_reports_lib import FRIDAY, build_week
from sqlalchemy import select
from testsupport import process_time_zone

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.models import AuditEvent
from frontdesk.services.scheduling import appointment_status as status
from frontdesk.services.scheduling import schedule_catalog
from frontdesk.services.scheduling import schedule_reports as sr
from frontdesk.services.scheduling.appointments import BookingRequest, book_appointment

MONDAY = date(2030, 3, 4)


def test_pdf_and_csv_of_a_schedule_report(clinic: Clinic, clock, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evil = schedule_catalog.add_appointment_type(clinic.admin, "=HYPERLINK(\"x\") check", 30, "#4A90D9").id
    build_week(clinic, clock)
    clock.set_local(date(2030, 3, 7), time(8))
    book_appointment(clinic.desk, BookingRequest(clinic.pat[2], clinic.dr_b, evil, local(date(2030, 3, 7), 15)))
    week = ReportFilter(MONDAY, FRIDAY)
    sr.write_schedule_report_pdf(clinic.admin, "no_shows_type", week, tmp_path / "r.pdf")
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "No-shows and late cancellations by appointment type" in text
    assert "03/04/2030 to 03/08/2030" in text and "=HYPERLINK(\"x\") check" in text  # printed as typed
    assert "Office visit" in text and "No-show and late-cancel rates by appointment type" in text
    assert "No-show rate" in text and "Late-cancel rate" in text and "16.7%" in text  # the legend, both bars

    sr.export_schedule_report_csv(clinic.admin, "no_shows_type", week, tmp_path / "r.csv")
    rows = list(csv.reader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1] == ["Appointment type", "Appointments", "No-shows", "No-show rate", "Late cancellations",
                       "Late-cancel rate", "Other cancellations"]
    assert rows[2][0] == "'=HYPERLINK(\"x\") check"  # neutralised: a spreadsheet shows it, never runs it
    assert rows[-1] == ["Total", "8", "1", "12.5", "1", "12.5", "1"]
    with db.session(write=False) as s:
        actions = s.execute(select(AuditEvent.action, AuditEvent.entity_id).where(
            AuditEvent.entity_type == "report").order_by(AuditEvent.seq)).all()
    assert actions == [("report.print", "no_shows_type"), ("report.export_csv", "no_shows_type")]


def test_months_and_days_are_the_practices_even_in_tokyo(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    """Tuesday 04/30/2030 4:30 PM Eastern is already Wednesday 05/01 in Tokyo (and 20:30 UTC): the visit, a first
    kept one, is April's new patient and April 30's booked half hour on the practice's clock."""
    with process_time_zone("Asia/Tokyo"):
        last_day = date(2030, 4, 30)
        info = book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                            local(last_day, 16, 30)))
        clock.set_local(last_day, time(16, 25))
        status.check_in(clinic.desk, info.id)
        april = sr.schedule_report(clinic.admin, "new_patients", ReportFilter(date(2030, 4, 1), date(2030, 5, 31)))
        assert [(r[0], r[1]) for r in april.rows] == [("Apr 2030", 1), ("May 2030", 0)]
        day = sr.schedule_report(clinic.admin, "utilisation", ReportFilter(last_day, last_day,
                                                                           provider_id=clinic.dr_a))
        assert day.rows[0][1:4] == (7, 0.5, 0.5)  # 9-5 less lunch; the half hour booked and kept
        next_day = sr.schedule_report(clinic.admin, "no_shows_provider", ReportFilter(date(2030, 5, 1),
                                                                                      date(2030, 5, 1)))
        assert next_day.rows == ()
