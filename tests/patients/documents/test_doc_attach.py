"""Attaching patient documents: each accepted type, and every refusal leaves nothing saved (both engines)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from doc_testlib import MARKER, audit_rows, image_bytes, new_document, pdf_bytes
from sqlalchemy import func, select
from testsupport import practice_today

from frontdesk.domain.document_kinds import MAX_DOCUMENT_BYTES
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.models import PatientDocument, PatientDocumentContent
from frontdesk.services.patients import documents

pytestmark = pytest.mark.both_engines


def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        return (session.scalar(select(func.count()).select_from(PatientDocument)),
                session.scalar(select(func.count()).select_from(PatientDocumentContent)))


@pytest.mark.parametrize(("name", "make", "media_type", "pages"), [
    ("referral.pdf", lambda: pdf_bytes(3), "application/pdf", 3),
    ("license.JPG", lambda: image_bytes("JPEG"), "image/jpeg", 1),
    ("card.png", lambda: image_bytes("PNG"), "image/png", 1),
    ("fax.tiff", lambda: image_bytes("TIFF", frames=2), "image/tiff", 2),
])
def test_each_type_is_attached_with_its_pages_and_thumbnail(practice, frontdesk_ctx, admin_ctx, patient_id,
                                                            name, make, media_type, pages) -> None:
    data = make()
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document(name, data, "outside_report",
                                                                               description="Cardiology"))
    assert (info.media_type, info.page_count, info.size_bytes) == (media_type, pages, len(data))
    assert info.file_name == name and info.category_text == "Outside report" and info.created_by == "rita"
    assert info.thumbnail.startswith(b"\xff\xd8\xff")  # a small JPEG of the first page
    assert [d.id for d in documents.list_documents(frontdesk_ctx, patient_id)] == [info.id]
    attached = audit_rows(admin_ctx, "patient_document.attach")
    assert attached[0].entity_id == str(info.id) and name not in attached[0].detail  # no file name (PHI)


def test_the_list_is_newest_document_date_first(frontdesk_ctx, patient_id) -> None:
    today = practice_today()
    old = documents.attach_document(frontdesk_ctx, patient_id,
                                    new_document("a.png", image_bytes("PNG"), day=today - timedelta(days=30)))
    new = documents.attach_document(frontdesk_ctx, patient_id, new_document("b.pdf", pdf_bytes(), day=today))
    assert [d.id for d in documents.list_documents(frontdesk_ctx, patient_id)] == [new.id, old.id]


@pytest.mark.parametrize(("name", "make", "says"), [
    ("scan.pdf", lambda: image_bytes("JPEG"), "named as a PDF file but its content is a JPEG"),
    ("photo.jpg", lambda: pdf_bytes(), "named as a JPEG file but its content is a PDF"),
    ("card.png", lambda: b"MZ\x90\x00 not a picture at all", "is not a PDF, JPEG, PNG or TIFF file"),
    ("notes.docx", lambda: pdf_bytes(), "is not a PDF, JPEG, PNG or TIFF file"),
    ("damaged.pdf", lambda: pdf_bytes()[:120], "damaged"),
    ("locked.pdf", lambda: pdf_bytes(password="s3cret"), "protected by a password"),
    ("damaged.png", lambda: image_bytes("PNG", (800, 600))[:200], "damaged"),
    ("empty.pdf", lambda: b"", "empty"),
    ("huge.pdf", lambda: pdf_bytes(padding=MAX_DOCUMENT_BYTES), "too large"),
])
def test_a_refused_file_says_why_and_leaves_nothing(practice, frontdesk_ctx, admin_ctx, patient_id,
                                                   name, make, says) -> None:
    before = len(audit_rows(admin_ctx))
    with pytest.raises(ValidationError) as refused:
        documents.attach_document(frontdesk_ctx, patient_id, new_document(name, make()))
    assert refused.value.field == "file" and says in str(refused.value)
    assert _counts(practice.db) == (0, 0)
    assert len(audit_rows(admin_ctx)) == before


def test_exactly_the_limit_is_accepted(frontdesk_ctx, patient_id) -> None:
    plain = pdf_bytes()
    data = pdf_bytes(padding=MAX_DOCUMENT_BYTES - len(plain) - 3)  # "\n%" + padding + "\n"
    assert len(data) == MAX_DOCUMENT_BYTES
    assert documents.attach_document(frontdesk_ctx, patient_id, new_document("big.pdf", data)).page_count == 1


@pytest.mark.parametrize(("field", "change", "says"), [
    ("category", dict(category="xray"), "Choose what kind"),
    ("document_date", dict(day=practice_today() + timedelta(days=1)), "future"),
])
def test_category_and_date_are_checked(practice, frontdesk_ctx, patient_id, field, change, says) -> None:
    values = dict(category="signed_form", day=None) | change
    with pytest.raises(ValidationError) as refused:
        documents.attach_document(frontdesk_ctx, patient_id, new_document("form.pdf", pdf_bytes(), **values))
    assert refused.value.field == field and says in str(refused.value)
    assert _counts(practice.db) == (0, 0)


def test_only_the_file_name_is_kept_not_its_folder(frontdesk_ctx, patient_id) -> None:
    info = documents.attach_document(frontdesk_ctx, patient_id,
                                     new_document("C:\\Users\\rita\\Scans\\ID front.png", image_bytes("PNG")))
    assert info.file_name == "ID front.png"


def test_a_role_that_may_only_view_cannot_attach_but_can_open(practice, frontdesk_ctx, clinical_ctx,
                                                               patient_id) -> None:
    with pytest.raises(PermissionDenied):
        documents.attach_document(clinical_ctx, patient_id, new_document("x.pdf", pdf_bytes()))
    assert _counts(practice.db) == (0, 0)
    info = documents.attach_document(frontdesk_ctx, patient_id, new_document("x.pdf", pdf_bytes()))
    assert MARKER in documents.open_document(clinical_ctx, info.id).data


def test_a_page_that_cannot_be_drawn_is_named() -> None:
    """Only the first page is checked on attaching; a later damaged one is named when the viewer asks for it."""
    from frontdesk.document_pages import page_image
    from frontdesk.errors import StorageError

    good = image_bytes("TIFF", frames=2)
    with pytest.raises(StorageError, match="Page 2 of this document"):
        page_image(good[: len(good) // 2 + 40], "image/tiff", 1, 200)  # the second frame cut short
    assert page_image(good, "image/tiff", 1, 200).width == 200
