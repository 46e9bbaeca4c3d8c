"""The disclosure log (HIPAA 164.528): entries recorded with every field checked, voided never deleted, and the
accounting of the last six years a patient may ask for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    StorageError,
    ValidationError,
    ValidationErrors,
)
from frontdesk.models import Disclosure
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.admin import audit, users
from frontdesk.services.patients import disclosures, patients
from frontdesk.services.patients.disclosures import DisclosureInput
from frontdesk.services.patients.patients import PatientInput

# Noon in New York on a Monday; every "today" below is the practice's, whatever the process time zone.
NOW = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


@pytest.fixture
def jane(admin_ctx):  # type: ignore[no-untyped-def]
    return patients.register_patient(admin_ctx, PatientInput(first_name="Jane", last_name="Doe", dob="03/14/1962",
                                                             sex="F"))


def _entry(**overrides: object) -> DisclosureInput:
    values: dict[str, object] = dict(disclosed_on="02/27/2026", kind="legal", recipient="Smith & Jones LLP",
                                     recipient_address="1 Court St\nAlbany, NY 12207",
                                     description="Visit notes and billing records 2024-2025",
                                     purpose="Subpoena duces tecum, case 25-1234")
    values.update(overrides)
    return DisclosureInput(**values)  # type: ignore[arg-type]


def _audit(ctx: ServiceContext, action: str) -> list[audit.AuditRow]:
    return audit.list_events(ctx, audit.AuditFilter(action=action))


@pytest.mark.both_engines
def test_an_entry_is_recorded_listed_and_audited_without_its_contents(admin_ctx, frontdesk_ctx, jane) -> None:
    saved = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry())
    assert (saved.disclosed_on, saved.kind, saved.recipient, saved.recorded_by) == (
        date(2026, 2, 27), "legal", "Smith & Jones LLP", "rita")
    assert saved.kind_text.startswith("Legal request")
    assert disclosures.list_disclosures(frontdesk_ctx, jane.id) == [saved]
    [event] = _audit(admin_ctx, "disclosure.record")
    assert (event.patient_id, event.entity_id, event.detail) == (jane.id, str(saved.id), "kind: legal")
    assert "Smith" not in event.detail


def test_every_wrong_field_is_named_at_once_and_nothing_is_saved(frontdesk_ctx, jane) -> None:
    with pytest.raises(ValidationErrors) as info:
        disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="02/30/2026", kind="gossip",
                                                                     recipient=" ", description="",
                                                                     purpose="x" * 501))
    assert {e.field for e in info.value.errors} == {"disclosed_on", "kind", "recipient", "description", "purpose"}
    assert disclosures.list_disclosures(frontdesk_ctx, jane.id) == []


def test_a_disclosure_dated_tomorrow_is_refused(frontdesk_ctx, jane) -> None:
    # 03/03 is tomorrow in New York (it is already 03/03 in Tokyo at NOW: the practice's day counts).
    with pytest.raises(ValidationError) as info:
        disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="03/03/2026"))
    assert info.value.field == "disclosed_on" and "future" in info.value.message
    assert disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="3/2/26")).disclosed_on == \
        date(2026, 3, 2)


@pytest.mark.both_engines
def test_a_voided_entry_stays_in_the_log_and_leaves_the_accounting(admin_ctx, frontdesk_ctx, jane, tmp_path) -> None:
    wrong = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(recipient="Wrong patient's lawyer"))
    kept = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(kind="insurer", recipient="Acme Life"))
    with pytest.raises(ValidationError) as info:
        disclosures.void_disclosure(frontdesk_ctx, wrong.id, "  ")
    assert info.value.field == "void_reason"
    voided = disclosures.void_disclosure(frontdesk_ctx, wrong.id, "Entered on the wrong patient")
    assert (voided.voided_by, voided.void_reason) == ("rita", "Entered on the wrong patient")
    assert voided.voided_at is not None
    with pytest.raises(ConflictError):
        disclosures.void_disclosure(frontdesk_ctx, wrong.id, "again")
    assert {e.id for e in disclosures.list_disclosures(frontdesk_ctx, jane.id)} == {wrong.id, kept.id}
    accounting = disclosures.accounting_of_disclosures(frontdesk_ctx, jane.id)
    assert [e.id for e in accounting.entries] == [kept.id]
    assert [e.action for e in _audit(admin_ctx, "disclosure.void")] == ["disclosure.void"]


@pytest.mark.both_engines
def test_the_accounting_covers_exactly_the_six_years_up_to_today(admin_ctx, frontdesk_ctx, jane, tmp_path) -> None:
    old = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="03/01/2020"))
    first_day = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="03/02/2020"))
    recent = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry(disclosed_on="01/15/2026"))
    accounting = disclosures.accounting_of_disclosures(frontdesk_ctx, jane.id)
    assert (accounting.period_start, accounting.period_end) == (date(2020, 3, 2), date(2026, 3, 2))
    assert [e.id for e in accounting.entries] == [first_day.id, recent.id]  # oldest first, as printed
    assert old.id not in {e.id for e in accounting.entries}
    assert (accounting.patient_name, accounting.date_of_birth) == ("Doe, Jane", date(1962, 3, 14))
    [event] = _audit(admin_ctx, "disclosure.accounting")
    assert (event.patient_id, event.detail) == (jane.id, "2 entries")


@pytest.mark.both_engines
def test_the_database_refuses_editing_or_deleting_an_entry(admin_ctx, frontdesk_ctx, jane) -> None:
    saved = disclosures.record_disclosure(frontdesk_ctx, jane.id, _entry())
    def refused(statement: str) -> str:
        with pytest.raises(StorageError) as info:
            with admin_ctx.db.session(write=True) as session:
                session.execute(sa.text(statement), {"id": saved.id})
        assert isinstance(info.value.__cause__, sa.exc.IntegrityError)
        return str(info.value.__cause__)

    assert "never edited" in refused("UPDATE disclosure SET recipient = 'Someone else' WHERE id = :id")
    assert "never deleted" in refused("DELETE FROM disclosure WHERE id = :id")
    disclosures.void_disclosure(frontdesk_ctx, saved.id, "Typed on the wrong record")
    assert "never edited" in refused("UPDATE disclosure SET void_reason = 'changed' WHERE id = :id")
    with admin_ctx.db.session(write=False) as session:
        assert session.get(Disclosure, saved.id).recipient == "Smith & Jones LLP"


def test_clinicians_read_the_log_but_do_not_record(admin_ctx, practice, jane, anon_ctx) -> None:
    info = users.add_user(admin_ctx, "drlee", "Dr Lee", Role.CLINICAL, "correct horse battery 9")
    clinical = ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))
    with pytest.raises(PermissionDenied):
        disclosures.record_disclosure(clinical, jane.id, _entry())
    assert disclosures.list_disclosures(clinical, jane.id) == []
    with pytest.raises(PermissionDenied):
        disclosures.list_disclosures(anon_ctx, jane.id)
    with pytest.raises(NotFoundError):
        disclosures.record_disclosure(admin_ctx, 9999, _entry())
    with pytest.raises(NotFoundError):
        disclosures.void_disclosure(admin_ctx, 9999, "gone")


@pytest.mark.both_engines
def test_merging_a_duplicate_moves_its_disclosures_to_the_record_that_stays(admin_ctx, frontdesk_ctx, jane) -> None:
    from frontdesk.services.patients import merge

    dup = patients.register_patient(admin_ctx, PatientInput(first_name="Jane", last_name="Doe", dob="03/14/1962",
                                                            sex="F"), duplicate_override_reason="registered twice")
    moved = disclosures.record_disclosure(frontdesk_ctx, dup.id, _entry())
    merge.merge_patients(admin_ctx, jane.id, dup.id)
    assert [e.id for e in disclosures.list_disclosures(frontdesk_ctx, jane.id)] == [moved.id]


def test_a_face_sheet_printed_as_a_disclosure_is_logged_in_the_same_action(admin_ctx, frontdesk_ctx, jane,
                                                                            practice) -> None:
    from frontdesk.services.patients import patient_print

    sheet = patient_print.patient_sheet(frontdesk_ctx, jane.id, "face_sheet",
                                        disclosure=_entry(description="Face sheet", kind="insurer"))
    assert sheet.disclosure is not None and sheet.disclosure.description == "Face sheet"
    assert [e.id for e in disclosures.list_disclosures(frontdesk_ctx, jane.id)] == [sheet.disclosure.id]
    # An incomplete entry prints nothing and logs nothing: not even the print event.
    prints = len(_audit(admin_ctx, "patient.print"))
    with pytest.raises(ValidationError) as info:
        patient_print.patient_sheet(frontdesk_ctx, jane.id, "face_sheet", disclosure=_entry(recipient=""))
    assert info.value.field == "recipient"
    assert len(_audit(admin_ctx, "patient.print")) == prints
    info_user = users.add_user(admin_ctx, "drlee", "Dr Lee", Role.CLINICAL, "correct horse battery 9")
    clinical = ServiceContext(practice.db, Actor(info_user.id, info_user.username, info_user.full_name,
                                                 info_user.role))
    with pytest.raises(PermissionDenied):
        patient_print.patient_sheet(clinical, jane.id, "face_sheet", disclosure=_entry())
    assert patient_print.patient_sheet(clinical, jane.id, "face_sheet").disclosure is None
    assert len(disclosures.list_disclosures(frontdesk_ctx, jane.id)) == 1


def test_a_document_copy_for_a_disclosure_is_logged_with_its_use(admin_ctx, frontdesk_ctx, jane, practice) -> None:
    from doc_testlib import image_bytes, new_document

    from frontdesk.services.patients import documents

    doc = documents.attach_document(frontdesk_ctx, jane.id, new_document("card.png", image_bytes("PNG")))
    with pytest.raises(ValidationError):  # incomplete: neither the disclosure nor the save is recorded
        documents.record_document_use(frontdesk_ctx, doc.id, "save", disclosure=_entry(purpose=""))
    assert _audit(admin_ctx, "patient_document.save") == []
    entry = documents.record_document_use(frontdesk_ctx, doc.id, "save", disclosure=_entry())
    assert entry is not None and disclosures.list_disclosures(frontdesk_ctx, jane.id) == [entry]
    assert len(_audit(admin_ctx, "patient_document.save")) == 1
    info = users.add_user(admin_ctx, "drlee", "Dr Lee", Role.CLINICAL, "correct horse battery 9")
    clinical = ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))
    with pytest.raises(PermissionDenied):
        documents.record_document_use(clinical, doc.id, "print", disclosure=_entry())
    assert documents.record_document_use(clinical, doc.id, "print") is None
