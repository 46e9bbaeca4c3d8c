"""Recalls: adding, the list with contact preferences, call outcomes, booking closes, recall letters, speed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_support import MONDAY
from letters_lib import addressed, book, pdf_pages

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import Recall
from frontdesk.services.scheduling import appointment_status
from frontdesk.services.admin import audit
from frontdesk.services.patients import contact_history
from frontdesk.services.desk import letters, recalls
from frontdesk.services.desk.letters import LetterRequest

JAN, DEC = date(2030, 1, 1), date(2030, 12, 31)


def test_add_and_list_with_contact_preferences(clinic) -> None:
    pid = addressed(clinic.admin, "Rita", "Recall")
    row = recalls.add_recall(clinic.desk, pid, date(2030, 6, 1), "annual visit", clinic.dr_a, "fasting labs")
    assert (row.state, row.reason, row.provider_name, row.attempts) == ("open", "annual visit",
                                                                         "Maria Alvarez, MD", 0)
    assert row.phone == "+15185550142" and row.has_address
    assert [e164 for _kind, e164 in row.phones] == ["+15185550142"]
    later = recalls.add_recall(clinic.desk, clinic.pat[1], date(2030, 9, 1), "6-month check")
    page = recalls.list_recalls(clinic.desk, JAN, DEC)
    assert [r.id for r in page.rows] == [row.id, later.id] and not page.more
    assert [r.id for r in recalls.list_recalls(clinic.desk, date(2030, 7, 1), DEC).rows] == [later.id]
    assert recalls.list_recalls(clinic.desk, JAN, DEC, limit=1).more


def test_bad_recall_input_names_the_field(clinic) -> None:
    pid = clinic.pat[0]
    with pytest.raises(ValidationError) as err:
        recalls.add_recall(clinic.desk, pid, MONDAY - timedelta(days=1), "annual visit")
    assert err.value.field == "due_date"
    with pytest.raises(ValidationError) as err:
        recalls.add_recall(clinic.desk, pid, MONDAY, "  ")
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        recalls.list_recalls(clinic.desk, DEC, JAN)
    assert err.value.field == "end"
    assert recalls.add_recall(clinic.desk, pid, MONDAY, "due today is fine").state == "open"


def test_call_outcomes_go_to_contact_history_and_close_on_scheduled_or_declined(clinic) -> None:
    pid = clinic.pat[0]
    rid = recalls.add_recall(clinic.desk, pid, date(2030, 5, 1), "annual visit").id
    after = recalls.log_recall_outcome(clinic.desk, rid, "no_answer")
    assert (after.state, after.attempts, after.last_outcome) == ("open", 1, "no_answer")
    after = recalls.log_recall_outcome(clinic.desk, rid, "left_message", "voicemail")
    assert after.attempts == 2
    closed = recalls.log_recall_outcome(clinic.desk, rid, "declined")
    assert (closed.state, closed.closed_reason) == ("closed", "declined")
    with pytest.raises(ConflictError):
        recalls.log_recall_outcome(clinic.desk, rid, "reached")
    history = contact_history.list_contact_history(clinic.desk, pid)
    assert [(h.kind, h.outcome) for h in history] == [("recall", "Declined"), ("recall", "Left message"),
                                                      ("recall", "No answer")]
    assert "voicemail" in history[1].summary
    assert recalls.list_recalls(clinic.desk, JAN, DEC).rows == []
    assert [r.state for r in recalls.list_recalls(clinic.desk, JAN, DEC, include_closed=True).rows] == ["closed"]
    with pytest.raises(ValidationError) as err:
        recalls.log_recall_outcome(clinic.desk, recalls.add_recall(clinic.desk, pid, MONDAY, "x").id, "maybe")
    assert err.value.field == "outcome"
    assert "recall.outcome" in [e.action for e in audit.list_events(clinic.admin, audit.AuditFilter())]


def test_booking_an_appointment_after_the_recall_closes_it_and_cancelling_reopens(clinic, clock) -> None:
    pid, other = clinic.pat[0], clinic.pat[1]
    earlier_visit = book(clinic, pid, hour=9)  # booked before the recall: does not count
    clock.now += timedelta(minutes=5)
    rid = recalls.add_recall(clinic.desk, pid, date(2030, 5, 1), "annual visit").id
    other_rid = recalls.add_recall(clinic.desk, other, date(2030, 5, 1), "annual visit").id
    assert {r.id for r in recalls.list_recalls(clinic.desk, JAN, DEC).rows} == {rid, other_rid}
    assert earlier_visit
    clock.now += timedelta(minutes=5)
    visit = book(clinic, pid, day=MONDAY + timedelta(days=1), hour=11)
    assert [r.id for r in recalls.list_recalls(clinic.desk, JAN, DEC).rows] == [other_rid]
    [booked] = [r for r in recalls.list_recalls(clinic.desk, JAN, DEC, include_closed=True).rows if r.id == rid]
    assert booked.state == "booked" and booked.booked_for is not None and booked.booked_for.tzinfo is not None
    appointment_status.cancel_appointment(clinic.desk, visit, "patient asked")
    assert {r.id for r in recalls.list_recalls(clinic.desk, JAN, DEC).rows} == {rid, other_rid}


def test_recall_letters_in_batch_count_as_attempts(clinic, tmp_path) -> None:
    a = addressed(clinic.admin, "Amy", "Annual")
    b = addressed(clinic.admin, "Ben", "Biannual")
    ra = recalls.add_recall(clinic.desk, a, date(2030, 4, 1), "annual physical", clinic.dr_b).id
    rb = recalls.add_recall(clinic.desk, b, date(2030, 4, 2), "6-month check").id
    out = tmp_path / "recalls.pdf"
    result = letters.print_letters(clinic.desk, LetterRequest("recall", recall_ids=(ra, rb)), out)
    assert result.count == 2
    pages = pdf_pages(out)
    assert "due for your annual physical by 04/01/2030" in pages[0] and "Dear Ben Biannual," in pages[1]
    rows = {r.id: r for r in recalls.list_recalls(clinic.desk, JAN, DEC).rows}
    assert rows[ra].attempts == 1 and rows[ra].last_outcome == "letter"
    with pytest.raises(ValidationError) as err:  # recall fields need a recall
        letters.print_letters(clinic.desk, LetterRequest("recall", (a,)), tmp_path / "no.pdf")
    assert err.value.field == "template"


def test_cancel_recalls_and_permissions(clinic, practice) -> None:
    rid = recalls.add_recall(clinic.desk, clinic.pat[0], date(2030, 4, 1), "annual").id
    assert recalls.cancel_recalls(clinic.desk, [rid]) == 1
    assert recalls.list_recalls(clinic.desk, JAN, DEC).rows == []
    from frontdesk.services.session import ServiceContext
    with pytest.raises(PermissionDenied):
        recalls.add_recall(ServiceContext(practice.db), clinic.pat[0], date(2030, 4, 1), "annual")


def test_the_recall_list_pages_through_100000_recalls(clinic, db) -> None:
    """Paging at scale returns one page and says there is more (speed is measured by ``frontdesk bench``)."""
    pids = clinic.pat
    base = date(2030, 1, 1)
    with db.session(write=True) as s:
        s.execute(Recall.__table__.insert(), [
            {"patient_id": pids[i % 3], "due_date": base + timedelta(days=i % 3650), "reason": "annual",
             "note": "", "status": "closed" if i % 4 == 0 else "open", "closed_reason": "", "attempts": 0,
             "last_outcome": "", "created_at": clinic_now()} for i in range(100_000)])
    page = recalls.list_recalls(clinic.desk, date(2031, 1, 1), date(2031, 3, 31))
    assert len(page.rows) == 500 and page.more


def clinic_now():  # type: ignore[no-untyped-def]
    from frontdesk.domain import schedule_time as st
    return st.utc_now()
