"""Batch reminders: preferences decide the channels, the personal-call list, files, history, refusals."""

from __future__ import annotations

import csv
import time
from datetime import timedelta

import pdfplumber
import pytest
from calendar_support import MONDAY
from letters_lib import book, pdf_pages, pdf_words
from sqlalchemy import func, select

from frontdesk.errors import StorageError, ValidationError
from frontdesk.models import AuditEvent, ContactEvent, Patient
from frontdesk.reports.mailing_labels import PAGE_H, SIDE_MARGIN, TOP_MARGIN
from frontdesk.services.desk import reminder_batch
from frontdesk.services.desk.reminder_batch import ReminderFiles
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput

pytestmark = pytest.mark.both_engines
TUESDAY = MONDAY + timedelta(days=1)


def _prefs(db, pid: int, **values: object) -> None:
    with db.session(write=True) as s:
        patient = s.get(Patient, pid)
        for key, value in values.items():
            setattr(patient, key, value)


@pytest.fixture
def people(clinic, db) -> dict[str, int]:
    """Four patients booked on Tuesday: all allowed, no voicemail, no address, nothing at all."""
    ids = {}
    for n, (key, first, last) in enumerate((("ann", "Ann", "Able"), ("bo", "Bo", "Quiet"), ("cy", "Cy", "Homeless"), ("di", "Di", "Hidden"))):
        ids[key] = patients.register_patient(clinic.admin, PatientInput(
            first_name=first, last_name=last, dob=f"0{n + 1}/02/1970", sex="M", phone=f"(518) 555-017{n}",
            address_line1="12 Elm St", city="Albany", state="NY", zip_code="12207")).id
    _prefs(db, ids["ann"], voicemail_ok=True, text_ok=True, email="ann@example.com")
    _prefs(db, ids["bo"], voicemail_ok=False, text_ok=False)
    _prefs(db, ids["cy"], voicemail_ok=False, text_ok=True, address_line1="", city="")
    _prefs(db, ids["di"], address_line1="", city="", phone="", voicemail_ok=False, text_ok=False)
    for hour, key in zip((9, 10, 11, 14), ids):
        book(clinic, ids[key], day=TUESDAY, hour=hour)
    return ids


def test_plan_follows_each_patients_preferences(clinic, people) -> None:
    plan = reminder_batch.plan_reminders(clinic.desk, TUESDAY, TUESDAY)
    assert [i.first_name for i in plan.reached_by("letters")] == ["Ann", "Bo"]
    assert [i.first_name for i in plan.reached_by("calls")] == ["Ann", "Bo", "Cy"]
    service = {i.first_name: i.service_channels for i in plan.reached_by("service")}
    assert service == {"Ann": ("voice", "text", "email"), "Cy": ("text",)}
    assert [(i.first_name, i.why_personal) for i in plan.personal_calls] == [
        ("Di", "no mailing address; no phone; no email")]
    # With only the service file chosen, Bo (no voicemail, no texts, no email) needs a personal call too.
    only_service = reminder_batch.plan_reminders(clinic.desk, TUESDAY, TUESDAY, ("service",))
    assert [i.first_name for i in only_service.personal_calls] == ["Bo", "Di"]


def test_a_range_ending_before_it_starts_names_end(clinic, people) -> None:
    with pytest.raises(ValidationError) as err:
        reminder_batch.plan_reminders(clinic.desk, TUESDAY, MONDAY)
    assert err.value.field == "end"
    with pytest.raises(ValidationError) as err:
        reminder_batch.run_reminders(clinic.desk, TUESDAY, MONDAY, ReminderFiles(calls="x.pdf"))
    assert err.value.field == "end"


def test_nothing_to_remind_or_too_long_a_range_is_refused(clinic, people, tmp_path) -> None:
    with pytest.raises(ValidationError) as err:  # Di has no address: no letter reaches anyone on Monday
        reminder_batch.run_reminders(clinic.desk, MONDAY, MONDAY, ReminderFiles(letters=tmp_path / "l.pdf"))
    assert err.value.field == "outputs" and not (tmp_path / "l.pdf").exists()
    with pytest.raises(ValidationError) as err:
        reminder_batch.plan_reminders(clinic.desk, MONDAY, MONDAY + timedelta(days=31))
    assert err.value.field == "end"
    with pytest.raises(ValidationError) as err:
        reminder_batch.plan_reminders(clinic.desk, MONDAY, MONDAY, ())
    assert err.value.field == "outputs"


def test_run_writes_every_file_and_one_history_entry_per_patient(clinic, people, tmp_path, db) -> None:
    book(clinic, people["ann"], day=TUESDAY, hour=15)  # a second visit: still one entry for Ann
    files = ReminderFiles(letters=tmp_path / "letters.pdf", labels=tmp_path / "labels.pdf",
                          calls=tmp_path / "calls.pdf", service=tmp_path / "service.csv")
    result = reminder_batch.run_reminders(clinic.desk, TUESDAY, TUESDAY, files)
    assert result.counts == {"letters": 3, "labels": 3, "calls": 4, "service": 3}
    assert result.patients_reminded == 3 and result.personal_calls == 1
    letters = pdf_pages(tmp_path / "letters.pdf")
    assert len(letters) == 3
    assert "Dear Ann Able," in letters[0] and "on 03/05/2030 at 9:00 AM" in letters[0]
    assert "at 3:00 PM" in letters[2]  # each letter names its own appointment in the range
    calls = pdf_pages(tmp_path / "calls.pdf")[0]
    assert "(518) 555-0171" in calls and "Quiet, Bo" in calls
    assert calls.count("NO VOICEMAIL: speak to the patient") == 2  # Bo and Cy, in words
    with db.session(write=False) as s:
        events = s.execute(select(ContactEvent.patient_id, ContactEvent.summary)
                           .where(ContactEvent.kind == "reminder")).all()
        audits = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reminders.batch"))
    assert sorted(p for p, _ in events) == sorted([people["ann"], people["bo"], people["cy"]])
    ann = next(summary for p, summary in events if p == people["ann"])
    assert ann == ("Appointment reminder (call list, letter, reminder service) for "
                   "03/05/2030 9:00 AM, 03/05/2030 3:00 PM")
    assert "Office visit" not in ann and audits == 1


def test_service_csv_holds_only_allowed_channels_and_is_neutralised(clinic, people, tmp_path, db) -> None:
    _prefs(db, people["cy"], first_name="=HYPERLINK(\"x\")")
    out = tmp_path / "service.csv"
    reminder_batch.run_reminders(clinic.desk, TUESDAY, TUESDAY, ReminderFiles(service=out))
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Last Name"] for r in rows] == ["Able", "Homeless"]
    assert rows[0]["Phone"] == "(518) 555-0170" and rows[0]["Email"] == "ann@example.com"
    assert rows[0]["Appointment Date"] == "03/05/2030" and rows[0]["Appointment Time"] == "9:00 AM"
    assert rows[0]["Allowed Channels"] == "voice text email"
    assert rows[1]["First Name"] == "'=HYPERLINK(\"x\")" and rows[1]["Allowed Channels"] == "text"


def test_postcards_four_to_a_sheet_carry_the_merged_text_and_the_address(clinic, people, tmp_path, db) -> None:
    _prefs(db, people["bo"], first_name="<b>Bo</b>")
    out = tmp_path / "cards.pdf"
    result = reminder_batch.run_reminders(clinic.desk, TUESDAY, TUESDAY, ReminderFiles(postcards=out))
    assert result.counts == {"postcards": 2}
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        # Each card is printed turned a quarter (read upwards), so its extracted text comes out reversed.
        quarters = [" ".join((pdf.pages[0].crop(box).extract_text() or "").split())[::-1]
                    for box in ((0, 0, 306, 396), (306, 0, 612, 396), (0, 396, 306, 792))]
    assert "Your appointment on 03/05/2030" in quarters[0] and "Dear Ann Able," in quarters[0]
    assert "at 9:00 AM." in quarters[0] and "12 Elm St" in quarters[0] and "PLACE STAMP" in quarters[0]
    assert "Dear <b>Bo</b> Quiet," in quarters[1] and quarters[2] == ""  # markup prints as typed
    with db.session(write=False) as s:
        summaries = s.scalars(select(ContactEvent.summary).where(ContactEvent.kind == "reminder")).all()
    assert sorted(summaries) == ["Appointment reminder (postcard) for 03/05/2030 10:00 AM",
                                 "Appointment reminder (postcard) for 03/05/2030 9:00 AM"]


def test_labels_sit_on_the_5160_grid(clinic, people, tmp_path) -> None:
    out = tmp_path / "labels.pdf"
    reminder_batch.run_reminders(clinic.desk, TUESDAY, TUESDAY, ReminderFiles(labels=out))
    words = pdf_words(out)
    ann = next(w for w in words if w["text"].startswith("Ann Able"))
    bo = next(w for w in words if w["text"].startswith("Bo Quiet"))
    assert SIDE_MARGIN < ann["x0"] < SIDE_MARGIN + 0.2 * 72 and ann["top"] > TOP_MARGIN
    assert bo["x0"] == pytest.approx(ann["x0"] + 2.75 * 72) and bo["top"] == pytest.approx(ann["top"])
    assert ann["bottom"] < TOP_MARGIN + 72 and PAGE_H == 11 * 72


def test_a_file_that_cannot_be_written_records_nothing_and_leaves_nothing(clinic, people, tmp_path, db) -> None:
    out = tmp_path / "out"
    out.mkdir()
    blocked = out / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    files = ReminderFiles(letters=out / "letters.pdf", calls=blocked / "calls.pdf")
    with pytest.raises(StorageError):
        reminder_batch.run_reminders(clinic.desk, TUESDAY, TUESDAY, files)
    assert sorted(p.name for p in out.iterdir()) == ["not-a-folder"]
    with db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(ContactEvent)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "reminders.batch")) == 0


def test_practice_days_do_not_follow_the_computer_time_zone(clinic, people, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        plan = reminder_batch.plan_reminders(clinic.desk, TUESDAY, TUESDAY)
        assert [i.start.strftime("%H:%M") for i in plan.items] == ["09:00", "10:00", "11:00", "14:00"]
        assert reminder_batch.plan_reminders(clinic.desk, MONDAY, MONDAY).items == ()
    finally:
        monkeypatch.undo()
        time.tzset()
