"""Phone messages on a real encrypted practice: taking, routing, inbox and unread count, thread, statuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from calendar_support import Clock
from msg_lib import Desk

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services.admin import audit
from frontdesk.services.patients import contact_history
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageInput

BASE = MessageInput(caller_name="Ann Able", caller_phone="(518) 555-0142", reason="Refill", urgency="today",
                    text="Needs lisinopril refilled", call_back=True, callback_phone="518 555 0142")


def for_doctor(desk: Desk, **changes: object) -> MessageInput:
    values: dict[str, object] = {"patient_id": desk.patient_id, "to_user_id": desk.doctor_id, **changes}
    return replace(BASE, **values)  # type: ignore[arg-type]


def test_message_reaches_the_doctor_inbox_and_not_others(desk: Desk) -> None:
    row = phone_messages.take_message(desk.desk, for_doctor(desk))
    assert row.caller_phone == "+15185550142" and row.callback_phone == "+15185550142"
    assert row.to_label == "Maria Alvarez, MD" and row.status == "open" and row.patient_name == "Able, Ann"
    assert phone_messages.unread_count(desk.doctor) == 1
    assert [r.id for r in phone_messages.list_messages(desk.doctor).rows] == [row.id]
    assert phone_messages.list_messages(desk.biller).total == 0
    assert phone_messages.unread_count(desk.desk) == 0  # the taker is not the recipient
    assert [r.id for r in phone_messages.list_messages(desk.desk, "taken").rows] == [row.id]


def test_role_message_is_in_every_member_inbox_with_own_unread(desk: Desk, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    row = phone_messages.take_message(desk.desk, replace(BASE, not_a_patient=True, to_role="front_desk"))
    assert row.to_label == "Front desk (role)" and row.patient_id is None
    assert phone_messages.unread_count(desk.doctor) == 1 and phone_messages.unread_count(desk.desk) == 1
    detail = phone_messages.get_message(desk.doctor, row.id)
    assert not detail.message.unread
    assert phone_messages.unread_count(desk.doctor) == 0
    assert phone_messages.unread_count(desk.desk) == 1  # Rita has not opened it yet
    assert phone_messages.unread_count(desk.biller) == 0
    phone_messages.get_message(admin_ctx, row.id)  # not a recipient: reading does not mark anything
    assert phone_messages.unread_count(desk.desk) == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"call_back": True, "callback_phone": ""}, "callback_phone"),
    ({"callback_phone": "555-12"}, "callback_phone"),
    ({"caller_name": "  "}, "caller_name"),
    ({"caller_phone": "123"}, "caller_phone"),
    ({"reason": ""}, "reason"),
    ({"urgency": "asap"}, "urgency"),
    ({"patient_id": None}, "patient_id"),
    ({"not_a_patient": True}, "patient_id"),
    ({"patient_id": 99999}, "patient_id"),
    ({"to_user_id": None}, "to"),
    ({"to_role": "billing"}, "to"),
    ({"to_user_id": None, "to_role": "nurse"}, "to"),
    ({"to_user_id": 4242}, "to"),
    ({"text": "x" * 2001}, "text"),
])
def test_bad_input_names_the_field_and_saves_nothing(desk: Desk, changes: dict, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as info:
        phone_messages.take_message(desk.desk, for_doctor(desk, **changes))
    assert info.value.field == field
    assert phone_messages.list_messages(desk.desk, "all", include_done=True).total == 0


def test_no_callback_number_needed_without_call_back(desk: Desk) -> None:
    row = phone_messages.take_message(desk.desk, for_doctor(desk, call_back=False, callback_phone=""))
    assert not row.call_back and row.callback_phone == ""


def test_status_who_and_when_and_done_leaves_the_inbox(desk: Desk, clock: Clock) -> None:
    row = phone_messages.take_message(desk.desk, for_doctor(desk))
    clock.now += timedelta(minutes=5)
    started = phone_messages.set_message_status(desk.doctor, row.id, "in_progress")
    assert started.status == "in_progress" and started.status_by_name == "Maria Alvarez, MD"
    assert started.status_at == clock.now
    assert phone_messages.unread_count(desk.doctor) == 1  # still unread: started from the list
    done = phone_messages.set_message_status(desk.doctor, row.id, "done")
    assert done.status == "done" and not done.unread
    assert phone_messages.list_messages(desk.doctor).total == 0
    assert [r.id for r in phone_messages.list_messages(desk.doctor, include_done=True).rows] == [row.id]
    assert phone_messages.unread_count(desk.doctor) == 0
    with pytest.raises(ValidationError) as info:
        phone_messages.set_message_status(desk.doctor, row.id, "closed")
    assert info.value.field == "status"
    assert phone_messages.set_message_status(desk.doctor, row.id, "open").status == "open"  # reopened


def test_overdue_follows_the_clock_and_done(desk: Desk, clock: Clock) -> None:
    # The clock is Monday 8:00 AM Eastern: urgent is due at 9:00 AM.
    row = phone_messages.take_message(desk.desk, for_doctor(desk, urgency="urgent"))
    assert row.due_at == clock.now + timedelta(hours=1) and not row.overdue
    clock.now += timedelta(hours=1, minutes=1)
    assert phone_messages.list_messages(desk.doctor).rows[0].overdue
    phone_messages.set_message_status(desk.doctor, row.id, "done")
    assert not phone_messages.list_messages(desk.doctor, include_done=True).rows[0].overdue


def test_reply_thread_in_order_with_authors(desk: Desk, clock: Clock) -> None:
    row = phone_messages.take_message(desk.desk, for_doctor(desk))
    phone_messages.add_message_note(desk.doctor, row.id, "Refill sent to pharmacy.")
    clock.now += timedelta(minutes=1)
    detail = phone_messages.add_message_note(desk.desk, row.id, "Called patient back,\nleft voicemail.")
    assert [(n.user_name, n.text) for n in detail.notes] == [
        ("Maria Alvarez, MD", "Refill sent to pharmacy."), ("Rita Reception", "Called patient back,\nleft voicemail.")]
    with pytest.raises(ValidationError) as info:
        phone_messages.add_message_note(desk.desk, row.id, "   ")
    assert info.value.field == "note"
    assert len(phone_messages.get_message(desk.desk, row.id).notes) == 2


def test_patient_messages_join_contact_history_and_audit_has_no_phi(desk: Desk) -> None:
    row = phone_messages.take_message(desk.desk, for_doctor(desk))
    phone_messages.set_message_status(desk.doctor, row.id, "done")
    phone_messages.take_message(desk.desk, replace(BASE, not_a_patient=True, to_role="billing"))
    history = contact_history.list_contact_history(desk.desk, desk.patient_id, kinds=["message"])
    assert [(e.outcome, e.ref_type, e.ref_id) for e in history] == [
        ("done", "phone_message", row.id), ("taken", "phone_message", row.id)]
    assert "Refill" in history[1].summary
    assert contact_history.list_contact_history(desk.desk, desk.other_patient_id) == []
    events = [e for e in audit.list_events(desk.admin, audit.AuditFilter()) if e.action.startswith("message.")]
    assert {e.action for e in events} == {"message.take", "message.status"}
    for event in events:
        assert "Ann" not in event.detail and "lisinopril" not in event.detail and "Refill" not in event.detail


def test_pages_are_newest_first_and_complete(desk: Desk, clock: Clock) -> None:
    ids = []
    for n in range(7):
        clock.now += timedelta(minutes=1)
        to = {"to_role": "front_desk", "to_user_id": None} if n % 2 else {}
        ids.append(phone_messages.take_message(desk.desk, for_doctor(desk, **to)).id)
    phone_messages.set_message_status(desk.doctor, ids[2], "in_progress")
    got = [r.id for off in (0, 3, 6) for r in phone_messages.message_rows(desk.doctor, "inbox", off, 3)]
    assert got == ids[::-1]
    assert phone_messages.count_messages(desk.doctor) == 7
    assert phone_messages.count_messages(desk.desk) == 3  # the front-desk role's
    assert phone_messages.count_messages(desk.biller, "all") == 7
    with pytest.raises(ValidationError):
        phone_messages.count_messages(desk.desk, "everything")


def test_recipients_and_permissions(desk: Desk, anon_ctx) -> None:  # type: ignore[no-untyped-def]
    people = phone_messages.list_recipients(desk.desk)
    assert [r.label for r in people if r.user_id] == sorted(r.label for r in people if r.user_id)
    assert {r.role for r in people if r.role} == {"front_desk", "billing", "admin", "clinical", "nurses"}  # + issue 19
    with pytest.raises(PermissionDenied):
        phone_messages.unread_count(anon_ctx)
