"""Printing letters: merged text in the PDF, escaping, the window address, storage, history, audit, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from letters_lib import addressed, book, pdf_page_count_and_last, pdf_pages, pdf_words
from sqlalchemy import func, select

from frontdesk.errors import StorageError, ValidationError
from frontdesk.models import Encounter, Letter, Patient, ServiceLine
from frontdesk.reports.letter_pdf import ADDRESS_TOP, LEFT, PAGE_H
from frontdesk.services.admin import audit
from frontdesk.services.patients import contact_history
from frontdesk.services.desk import letters
from frontdesk.services.desk.letters import LetterRequest


def test_appointment_reminder_merges_the_next_visit_and_is_stored(clinic, tmp_path) -> None:
    pid = addressed(clinic.admin, "Nora", "Quill")
    book(clinic, pid, hour=10)
    out = tmp_path / "one.pdf"
    result = letters.print_letters(clinic.desk, LetterRequest("appointment_reminder", (pid,)), out)
    assert result.count == 1 and len(result.letter_ids) == 1
    text = pdf_pages(out)[0]
    assert "Dear Nora Quill," in text
    assert "Office visit appointment with Maria Alvarez, MD on 03/04/2030 at 10:00 AM" in text
    assert text.startswith("Test Family Practice 1 Test Way Albany, NY 12207 Phone (518) 555-0123 Nora Quill")
    stored = letters.list_letters(clinic.desk, pid)
    assert len(stored) == 1
    assert stored[0].template_name == "Appointment reminder"
    assert "10:00 AM" in stored[0].body and stored[0].address[0] == "Nora Quill"
    assert stored[0].sent_by == "rita"
    history = contact_history.list_contact_history(clinic.desk, pid)
    assert [(h.kind, h.direction, h.ref_type) for h in history] == [("letter", "out", "letter")]
    events = audit.list_events(clinic.admin, audit.AuditFilter())
    printed = [e for e in events if e.action == "letter.print"]
    assert len(printed) == 1 and printed[0].patient_id == pid and "Quill" not in printed[0].detail


def test_merge_values_with_markup_print_literally(clinic, tmp_path, db) -> None:
    pid = addressed(clinic.admin, "Bobby", "Co", street="1 <font size=40>Big</font> Rd")
    # The patient form refuses such names, but imported or older records may hold anything.
    with db.session(write=True) as s:
        patient = s.get(Patient, pid)
        patient.first_name, patient.last_name = "<b>Bobby</b>", "& Co"
    out = tmp_path / "escaped.pdf"
    letters.print_letters(clinic.desk, LetterRequest("free", (pid,), extras={"letter.text": "5 < 6 & <i>x</i>"}),
                          out)
    text = pdf_pages(out)[0]
    assert "<b>Bobby</b> & Co 1 <font size=40>Big</font> Rd" in text  # the window block
    assert "Dear <b>Bobby</b> & Co," in text
    assert "5 < 6 & <i>x</i>" in text
    assert "1 <font size=40>Big</font> Rd" in text


def test_the_address_sits_in_the_window_of_a_number_10_envelope(clinic, tmp_path) -> None:
    pid = addressed(clinic.admin, "Wendy", "Window")
    out = tmp_path / "window.pdf"
    letters.print_letters(clinic.desk, LetterRequest("free", (pid,), extras={"letter.text": "Hello."}), out)
    words = pdf_words(out)
    name = next(w for w in words if w["text"].startswith("Wendy Window"))
    city = next(w for w in words if w["text"].startswith("Albany, NY 12207") and w["top"] > name["top"])
    inch = 72
    # The window shows the page from about 2.05" to 3.15" from the top, from about 7/8" from the left.
    for word in (name, city):
        assert 2.05 * inch <= word["top"] and word["bottom"] <= 3.15 * inch
        assert 0.875 * inch <= word["x0"] and word["x1"] <= 4.9 * inch
    assert abs(name["x0"] - LEFT) < 1 and abs(name["top"] - ADDRESS_TOP) < 3
    assert PAGE_H == 11 * inch


def test_a_long_letter_flows_onto_a_second_page(clinic, tmp_path) -> None:
    pid = addressed(clinic.admin, "Lena", "Long")
    out = tmp_path / "long.pdf"
    body = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(14))
    letters.print_letters(clinic.desk, LetterRequest("free", (pid,), extras={"letter.text": body}), out)
    pages = pdf_pages(out)
    assert len(pages) >= 2
    assert "page 2" in pages[1] and "Paragraph 13" in pages[-1]


def test_balance_reminder_goes_to_the_balance_from_the_ledger(clinic, tmp_path, db) -> None:
    pid = addressed(clinic.admin, "Bill", "Owens")
    with db.session(write=True) as s:
        enc = Encounter(patient_id=pid, service_date=date(2030, 2, 1), status="billed",
                        rendering_provider_id=clinic.dr_a)
        s.add(enc)
        s.flush()
        s.add(ServiceLine(encounter_id=enc.id, line_number=1, from_date=enc.service_date, to_date=enc.service_date,
                          place_of_service="11", code="99213", charge_cents=12550))
    out = tmp_path / "balance.pdf"
    letters.print_letters(clinic.desk, LetterRequest("balance_reminder", (pid,)), out)
    text = pdf_pages(out)[0]
    assert "balance of $125.50" in text and "Dear Bill Owens," in text


def test_missing_address_or_appointment_refuses_the_batch_and_records_nothing(clinic, tmp_path, db) -> None:
    good = addressed(clinic.admin, "Gina", "Good")
    book(clinic, good)
    homeless = clinic.pat[0]  # Ann Able has no address on file
    out = tmp_path / "refused.pdf"
    with pytest.raises(ValidationError) as err:
        letters.print_letters(clinic.desk, LetterRequest("appointment_reminder", (good, homeless)), out)
    assert err.value.field == "patient_ids" and "Ann Able" in str(err.value)
    no_visit = addressed(clinic.admin, "Nick", "Novisit")
    with pytest.raises(ValidationError) as err:
        letters.print_letters(clinic.desk, LetterRequest("appointment_reminder", (good, no_visit)), out)
    assert "no upcoming appointment" in str(err.value)
    with pytest.raises(ValidationError) as err:
        letters.print_letters(clinic.desk, LetterRequest("referral", (good,)), out)
    assert err.value.field == "referral_to"
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))
    with db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 0
    assert contact_history.list_contact_history(clinic.desk, good) == []


def test_referral_letter_uses_the_typed_destination(clinic, tmp_path) -> None:
    pid = addressed(clinic.admin, "Rae", "Ferral")
    book(clinic, pid)
    out = tmp_path / "ref.pdf"
    letters.print_letters(clinic.desk, LetterRequest("referral", (pid,), extras={
        "referral.to": "Albany Cardiology", "referral.reason": "a stress test"}), out)
    assert "Maria Alvarez, MD has referred you to Albany Cardiology for a stress test" in pdf_pages(out)[0]


def test_reprint_shows_the_stored_text_even_after_the_template_changed(clinic, tmp_path) -> None:
    pid = addressed(clinic.admin, "Reese", "Print")
    letters.print_letters(clinic.desk, LetterRequest("free", (pid,), extras={"letter.text": "Original words."}),
                          tmp_path / "a.pdf")
    letters.save_template(clinic.admin, "free", "Free letter", "", "Changed {patient.first_name}")
    [sent] = letters.list_letters(clinic.desk, pid)
    assert letters.reprint_letters(clinic.desk, [sent.id], tmp_path / "b.pdf") == 1
    assert "Original words." in pdf_pages(tmp_path / "b.pdf")[0]
    assert len(letters.list_letters(clinic.desk, pid)) == 1  # a reprint is not a new letter
    assert "letter.reprint" in [e.action for e in audit.list_events(clinic.admin, audit.AuditFilter())]


def test_a_batch_of_500_letters_renders_every_letter(clinic, tmp_path, db) -> None:
    with db.session(write=True) as s:
        rows = [Patient(account_number=f"B{i:06d}", first_name=f"First{i}", last_name=f"Last{i}", dob=date(1980, 1, 1),
                        sex="F", address_line1=f"{i} Main St", city="Troy", state="NY", zip_code="12180",
                        last_name_key=f"last{i}", first_name_key=f"first{i}") for i in range(500)]
        s.add_all(rows)
        s.flush()
        ids = tuple(p.id for p in rows)
    out = tmp_path / "batch.pdf"
    result = letters.print_letters(clinic.desk, LetterRequest("balance_reminder", ids), out)  # speed: bench letters_batch
    assert result.count == 500
    count, last_page = pdf_page_count_and_last(out)
    assert count == 500 and "Dear First499 Last499," in last_page


def test_a_file_that_cannot_be_written_records_nothing(clinic, tmp_path, db) -> None:
    pid = addressed(clinic.admin, "Dora", "Disk")
    missing = tmp_path / "no such folder" / "letter.pdf"
    with pytest.raises(StorageError):
        letters.print_letters(clinic.desk, LetterRequest("free", (pid,), extras={"letter.text": "Hi."}), missing)
    assert letters.list_letters(clinic.desk, pid) == []
    assert contact_history.list_contact_history(clinic.desk, pid) == []
    with db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 0
