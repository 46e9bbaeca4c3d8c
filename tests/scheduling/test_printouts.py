"""Day schedule and appointment card PDFs read back with pdfplumber; .ics parsed back (escaping, UID, DTSTART)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from calendar_testlib import TZ, Clinic, local

from frontdesk.reports.appointment_card import write_appointment_card_pdf
from frontdesk.reports.day_schedule import (
    DaySheet,
    DaySheetRow,
    ProviderSheet,
    write_day_schedule_pdf,
)
from frontdesk.reports.ics import IcsEvent, appointment_ics, write_ics
from frontdesk.services.scheduling import appointments, schedule_print
from frontdesk.services.admin import audit
from frontdesk.services.scheduling.appointments import BookingRequest

TUESDAY = date(2030, 3, 5)
MARKUP_NAME = "<b>O'Brien & Sons</b>"


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _row(hour: int, name: str, patient_id: int = 1, reason: str = "Follow-up") -> DaySheetRow:
    start = datetime(2030, 3, 5, hour, 0, tzinfo=TZ)
    return DaySheetRow(start, start + timedelta(minutes=30), patient_id, name, "+15185550101", "Office visit",
                       reason, "Exam 1", "Scheduled")


def _sheet(*rows: DaySheetRow) -> DaySheet:
    return DaySheet("Maple Street Family Medicine", TUESDAY, datetime(2030, 3, 4, 16, 5, tzinfo=TZ),
                    (ProviderSheet(1, "Maria Alvarez, MD", rows), ProviderSheet(2, "James Okafor, DO", ())))


def test_user_text_is_printed_literally(tmp_path: Path) -> None:
    path = tmp_path / "day.pdf"
    write_day_schedule_pdf(path, _sheet(_row(9, MARKUP_NAME, reason="BP check & <i>labs</i>; fasting")))
    text = _pdf_text(path)
    assert MARKUP_NAME in text
    assert "BP check & <i>labs</i>; fasting" in text
    assert "Tuesday 03/05/2030" in text and "Maple Street Family Medicine" in text
    assert "9:00 AM-9:30 AM" in text and "(518) 555-0101" in text and "Office visit" in text
    assert "Maria Alvarez, MD (1 appointment)" in text and "James Okafor, DO (0 appointments)" in text
    assert "No appointments." in text
    assert "\u2014" in text and "$" not in text  # balance unknown until billing exists: a dash, not a number
    assert not list(tmp_path.glob("*.tmp"))


def test_balances_print_when_given(tmp_path: Path) -> None:
    path = tmp_path / "day.pdf"
    write_day_schedule_pdf(path, _sheet(_row(9, "Able, Ann", 1), _row(10, "Baker, Bob", 2)),
                           balance_due_by_patient={1: Decimal("1234.5")})
    text = _pdf_text(path)
    assert "$1,234.50" in text
    bob_line = next(line for line in text.splitlines() if "Baker, Bob" in line)
    assert bob_line.rstrip().endswith("\u2014")


def test_a_long_day_flows_over_pages(tmp_path: Path) -> None:
    path = tmp_path / "day.pdf"
    rows = tuple(_row(8 + (i // 4) % 12, f"Patient{i:02d}, Test", i) for i in range(60))
    write_day_schedule_pdf(path, _sheet(*rows))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
    text = _pdf_text(path)
    assert all(f"Patient{i:02d}, Test" in text for i in range(60))


@pytest.fixture
def booked(clinic: Clinic):  # type: ignore[no-untyped-def]
    a = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                  local(TUESDAY, 10), reason="Knee pain; swelling"))
    b = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[1], clinic.dr_b, clinic.visit,
                                                                  local(TUESDAY, 14), room_id=clinic.room_2))
    return a, b


def test_day_sheet_from_the_services(clinic: Clinic, booked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = schedule_print.day_sheet(clinic.desk, TUESDAY)
    assert [p.provider_name for p in sheet.providers] == ["Maria Alvarez, MD", "James Okafor, DO"]
    path = tmp_path / "all.pdf"
    write_day_schedule_pdf(path, sheet)
    text = _pdf_text(path)
    for value in ("Able, Ann", "Baker, Bob", "10:00 AM-10:30 AM", "2:00 PM-2:30 PM", "Knee pain; swelling",
                  "(518) 555-0101", "(518) 555-0102", "Exam 2", "Test Family Practice"):
        assert value in text, value
    only_b = schedule_print.day_sheet(clinic.desk, TUESDAY, [clinic.dr_b])
    assert [p.provider_id for p in only_b.providers] == [clinic.dr_b]
    assert [r.patient_name for r in only_b.providers[0].rows] == ["Baker, Bob"]
    event = audit.list_events(clinic.admin, audit.AuditFilter(action="schedule.print"))[0]
    assert event.entity_id == "2030-03-05" and event.username == "rita"


def test_appointment_card(clinic: Clinic, booked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = schedule_print.appointment_card(clinic.desk, booked[0].id)
    path = tmp_path / "card.pdf"
    write_appointment_card_pdf(path, card)
    text = _pdf_text(path)
    for value in ("Ann Able", "Tuesday 03/05/2030", "10:00 AM to 10:30 AM", "Maria Alvarez, MD",
                  "Test Family Practice", "1 Test Way, Albany, NY 12207", "(518) 555-0123"):
        assert value in text, value
    assert "Knee" not in text  # the visit reason is not on the card
    assert audit.list_events(clinic.admin, audit.AuditFilter(action="appointment.card"))[0].patient_id == clinic.pat[0]


def _parse_ics(text: str) -> dict[str, str]:
    """Unfold (CRLF + space) and unescape the VEVENT's properties."""
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    unfolded = text.replace("\r\n ", "")
    props: dict[str, str] = {}
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        name, _, value = line.partition(":")
        value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        props.setdefault(name, value)
    return props


def test_ics_of_an_appointment(clinic: Clinic, booked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    event = schedule_print.appointment_calendar_event(clinic.desk, booked[0].id)
    path = tmp_path / "visit.ics"
    write_ics(path, event)
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Appointment with Maria Alvarez\\, MD\r\n" in raw
    assert "LOCATION:Test Family Practice\\, 1 Test Way\\, Albany\\, NY 12207" in raw.replace("\r\n ", "")
    props = _parse_ics(raw)
    assert props["DTSTART"] == "20300305T150000Z" and props["DTEND"] == "20300305T153000Z"
    assert props["UID"].startswith(f"appointment-{booked[0].id}-") and props["SEQUENCE"] == "0"
    assert props["DESCRIPTION"].splitlines()[1] == "Phone: (518) 555-0123"
    for private in ("Able", "Ann", "Knee"):
        assert private not in raw
    appointments.move_appointment(clinic.desk, booked[0].id, local(TUESDAY, 11))
    again = _parse_ics(appointment_ics(schedule_print.appointment_calendar_event(clinic.desk, booked[0].id)))
    assert again["UID"] == props["UID"] and again["SEQUENCE"] == "1" and again["DTSTART"] == "20300305T160000Z"


def test_ics_escaping_and_folding_round_trip() -> None:
    nasty = "Dr. Smith, MD; Suite 5\\B\nsecond line, with ümlauts " + "é" * 60
    event = IcsEvent("uid-1@frontdesk", datetime(2030, 3, 5, 15, tzinfo=UTC), datetime(2030, 3, 5, 16, tzinfo=UTC),
                     datetime(2030, 3, 4, tzinfo=UTC), nasty, "Room 1; Floor 2", "a\r\nb")
    text = appointment_ics(event)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "SUMMARY:Dr. Smith\\, MD\\; Suite 5\\\\B\\nsecond line" in text
    props = _parse_ics(text)
    assert props["SUMMARY"] == nasty
    assert props["LOCATION"] == "Room 1; Floor 2" and props["DESCRIPTION"] == "a\nb"
    assert props["UID"] == "uid-1@frontdesk" and props["DTSTAMP"] == "20300304T000000Z"
    with pytest.raises(ValueError):
        appointment_ics(IcsEvent("x", event.end, event.start, event.stamp, "", "", ""))
