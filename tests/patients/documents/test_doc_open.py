"""Opening, printing and marking documents in error; the content and thumbnail are sealed at rest (both engines)."""

from __future__ import annotations

import pytest
from doc_testlib import MARKER, audit_rows, image_bytes, new_document, pdf_bytes
from sqlalchemy import text

from frontdesk.errors import ConflictError, StorageError, ValidationError
from frontdesk.services.patients import documents

pytestmark = pytest.mark.both_engines


def _raw(db, sql: str, document_id: int) -> bytes:  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        return bytes(session.execute(text(sql), {"id": document_id}).scalar_one())


def test_every_open_is_audited_as_a_view_of_the_patient(frontdesk_ctx, admin_ctx, patient_id) -> None:
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document("report.pdf", pdf_bytes(2)))
    before = len(audit_rows(admin_ctx, "patient.view"))
    for _ in range(3):
        opened = documents.open_document(frontdesk_ctx, info.id)
        assert opened.info == info and MARKER in opened.data
    views = audit_rows(admin_ctx, "patient.view")[:3]
    assert len(audit_rows(admin_ctx, "patient.view")) == before + 3
    assert {(v.entity_type, v.entity_id, v.username) for v in views} == {("patient_document", str(info.id), "rita")}


def test_the_content_and_thumbnail_are_sealed_at_rest(practice, frontdesk_ctx, patient_id) -> None:
    data = pdf_bytes()
    assert MARKER in data  # the plaintext carries the marker, so its absence below means something
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document("report.pdf", data))
    stored = _raw(practice.db, "SELECT data FROM patient_document_content WHERE id = :id", info.id)
    thumb = _raw(practice.db, "SELECT thumbnail FROM patient_document WHERE id = :id", info.id)
    assert MARKER not in stored and not stored.startswith(b"%PDF") and stored[0] == 1  # field_crypto's version
    assert not thumb.startswith(b"\xff\xd8") and thumb[0] == 1
    assert documents.open_document(frontdesk_ctx, info.id).data == data


def test_content_moved_to_another_document_does_not_open(practice, frontdesk_ctx, patient_id) -> None:
    first = documents.attach_document(frontdesk_ctx, patient_id, new_document("a.pdf", pdf_bytes()))
    second = documents.attach_document(frontdesk_ctx, patient_id, new_document("b.png", image_bytes("PNG")))
    sealed = _raw(practice.db, "SELECT data FROM patient_document_content WHERE id = :id", first.id)
    with practice.db.session(write=True) as session:
        session.execute(text("UPDATE patient_document_content SET data = :d WHERE id = :id"),
                        {"d": sealed, "id": second.id})
    with pytest.raises(StorageError):
        documents.open_document(frontdesk_ctx, second.id)


def test_print_and_save_are_recorded(frontdesk_ctx, admin_ctx, patient_id) -> None:
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document("a.pdf", pdf_bytes()))
    documents.record_document_use(frontdesk_ctx, info.id, "print")
    documents.record_document_use(frontdesk_ctx, info.id, "save")
    assert [r.action for r in audit_rows(admin_ctx, "patient_document.")[:2]] == ["patient_document.save",
                                                                                  "patient_document.print"]
    with pytest.raises(ValidationError):
        documents.record_document_use(frontdesk_ctx, info.id, "email")


def test_marked_in_error_leaves_the_list_but_stays_in_the_record(frontdesk_ctx, admin_ctx, patient_id) -> None:
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document("wrong.pdf", pdf_bytes()))
    with pytest.raises(ValidationError):
        documents.mark_document_in_error(frontdesk_ctx, info.id, "  ")
    marked = documents.mark_document_in_error(frontdesk_ctx, info.id, "Another patient's report")
    assert marked.in_error and marked.in_error_reason == "Another patient's report"
    assert documents.list_documents(frontdesk_ctx, patient_id) == []
    assert [d.id for d in documents.list_documents(frontdesk_ctx, patient_id, include_in_error=True)] == [info.id]
    assert audit_rows(admin_ctx, "patient_document.in_error")[0].entity_id == str(info.id)
    with pytest.raises(ConflictError):
        documents.mark_document_in_error(frontdesk_ctx, info.id, "again")


def test_the_same_file_twice_is_attached_once_unless_the_first_is_in_error(frontdesk_ctx, patient_id) -> None:
    data = pdf_bytes()
    first = documents.attach_document(frontdesk_ctx, patient_id, new_document("a.pdf", data))
    with pytest.raises(ConflictError, match="already attached to this patient"):
        documents.attach_document(frontdesk_ctx, patient_id, new_document("copy of a.pdf", data, "signed_form"))
    documents.mark_document_in_error(frontdesk_ctx, first.id, "Wrong kind")
    again = documents.attach_document(frontdesk_ctx, patient_id, new_document("a.pdf", data, "signed_form"))
    assert [d.id for d in documents.list_documents(frontdesk_ctx, patient_id)] == [again.id]


def test_merging_a_duplicate_moves_its_documents_and_they_still_open(frontdesk_ctx, admin_ctx, patient_id) -> None:
    from fd_testlib import patient

    from frontdesk.services.patients import merge, patients

    duplicate = patients.register_patient(frontdesk_ctx, patient("Jayne", "Doe"),
                                          duplicate_override_reason="Registered twice at the desk").id
    moved = documents.attach_document(frontdesk_ctx, duplicate, new_document("id.png", image_bytes("PNG"), "photo_id"))
    merge.merge_patients(admin_ctx, patient_id, duplicate)
    assert [d.id for d in documents.list_documents(frontdesk_ctx, patient_id)] == [moved.id]
    assert documents.open_document(frontdesk_ctx, moved.id).data.startswith(b"\x89PNG")
