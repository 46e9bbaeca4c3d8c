"""Contact history: notes and calls logged by hand join the timeline other modules write to."""

from __future__ import annotations

import pytest
from pc_lib import audit_rows, basic

from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.patients import contact_history, patients
from frontdesk.services._contact_log import add_contact_event


@pytest.fixture
def jane(admin_ctx):  # type: ignore[no-untyped-def]
    return patients.register_patient(admin_ctx, basic())


def test_notes_are_listed_newest_first_with_who_logged_them(admin_ctx, frontdesk_ctx, jane) -> None:
    first = contact_history.add_contact_note(frontdesk_ctx, jane.id, "Asked about parking", kind="call",
                                             direction="in", outcome="answered")
    second = contact_history.add_contact_note(admin_ctx, jane.id, "Mailed the new-patient packet\nby USPS",
                                              kind="Letter", direction="OUT")
    with admin_ctx.db.session(write=True) as session:  # what e.g. the calendar's confirmations write
        add_contact_event(session, patient_id=jane.id, kind="confirmation", user_id=None, summary="Confirmed",
                          ref_type="appointment", ref_id=7)
    history = contact_history.list_contact_history(frontdesk_ctx, jane.id)
    assert [(e.kind, e.username) for e in history] == [("confirmation", ""), ("letter", "admin"), ("call", "rita")]
    assert history[1] == second and history[2] == first
    assert (first.direction, first.outcome, second.summary) == ("in", "answered",
                                                                "Mailed the new-patient packet\nby USPS")
    assert (history[0].ref_type, history[0].ref_id) == ("appointment", 7)
    calls = contact_history.list_contact_history(frontdesk_ctx, jane.id, kinds=["call"])
    assert [e.id for e in calls] == [first.id]
    assert len(contact_history.list_contact_history(frontdesk_ctx, jane.id, limit=1)) == 1


def test_the_audit_names_the_kind_never_the_text(admin_ctx, jane) -> None:
    note = contact_history.add_contact_note(admin_ctx, jane.id, "Zyxwvut canary text", kind="note")
    [event] = audit_rows(admin_ctx, "contact.add")
    assert (event.detail, event.patient_id, event.entity_id) == ("kind: note", jane.id, str(note.id))


@pytest.mark.parametrize(("field", "kwargs"), [
    ("summary", {"summary": ""}), ("summary", {"summary": "x" * 501}), ("summary", {"summary": "a\x00b"}),
    ("kind", {"kind": "fax"}), ("direction", {"direction": "sideways"}), ("outcome", {"outcome": "o" * 31}),
])
def test_bad_notes_name_their_field(admin_ctx, jane, field: str, kwargs: dict[str, str]) -> None:
    args = {"summary": "Called back", **kwargs}
    summary = args.pop("summary")
    with pytest.raises(ValidationError) as info:
        contact_history.add_contact_note(admin_ctx, jane.id, summary, **args)
    assert info.value.field == field


def test_unknown_patient_and_signed_out(admin_ctx, anon_ctx, jane) -> None:
    with pytest.raises(NotFoundError):
        contact_history.list_contact_history(admin_ctx, 9999)
    with pytest.raises(NotFoundError):
        contact_history.add_contact_note(admin_ctx, 9999, "Hello")
    with pytest.raises(PermissionDenied):
        contact_history.list_contact_history(anon_ctx, jane.id)
