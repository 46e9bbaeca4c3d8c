"""Patient documents: attach a scanned or saved file (PDF, JPEG, PNG, TIFF up to 25 MB) to a patient, list
them with thumbnails, open one (audited every time), record a print or a saved copy, mark one in error.

The content is sealed with the practice key in the practice database (services/_patient_documents.py checks
and stores it). A document attached by mistake (wrong patient, unreadable scan) is marked in error with the
reason rather than deleted: it leaves the list but stays in the record, as medical records must.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.document_kinds import CATEGORIES, NewDocument
from frontdesk.domain.disclosure_records import DisclosureEntry, DisclosureInput
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import PatientDocument, PatientDocumentContent
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._lookups import load_patient
from frontdesk.services._patient_documents import store_document
from frontdesk.services.patients._disclosure_step import log_disclosure
from frontdesk.services.patients._insurance_records import username_of
from frontdesk.storage.field_crypto import open_column

USES = {"print": "patient_document.print", "save": "patient_document.save"}


@dataclass(frozen=True)
class DocumentInfo:
    """One document as listed: what it is, with its small thumbnail (JPEG bytes), without its content."""

    id: int
    patient_id: int
    category: str
    document_date: date
    description: str
    file_name: str
    media_type: str
    size_bytes: int
    page_count: int
    sha256: str
    thumbnail: bytes = field(repr=False)
    referral_id: int | None
    created_by: str
    created_at: datetime
    in_error: bool
    in_error_reason: str

    @property
    def category_text(self) -> str:
        return CATEGORIES.get(self.category, self.category)


@dataclass(frozen=True)
class DocumentFile:
    """A document with its content, for the viewer (the open was audited)."""

    info: DocumentInfo
    data: bytes = field(repr=False)


def _load(session: Session, document_id: object) -> PatientDocument:
    doc = session.get(PatientDocument, document_id) if isinstance(document_id, int) else None
    if doc is None:
        raise NotFoundError("That document no longer exists.")
    return doc


def _info(tx: Tx, doc: PatientDocument) -> DocumentInfo:
    return DocumentInfo(doc.id, doc.patient_id, doc.category, doc.document_date, doc.description, doc.file_name,
                        doc.media_type, doc.size_bytes, doc.page_count, doc.sha256,
                        open_column(tx.ctx.db.field_key, doc, "thumbnail"), doc.referral_id,
                        username_of(tx.session, doc.created_by), doc.created_at, doc.in_error_at is not None,
                        doc.in_error_reason)


@operation(Permission.EDIT_PATIENTS)
def attach_document(tx: Tx, patient_id: int, new: NewDocument) -> DocumentInfo:
    """Attach a file to the patient: checked (type from content, extension agrees, size, PDF opens without a
    password, picture decodes), sealed and audited; a refused file leaves nothing behind."""
    return _info(tx, store_document(tx, patient_id, new))


@operation(Permission.VIEW_PATIENTS, write=False)
def list_documents(tx: Tx, patient_id: int, *, include_in_error: bool = False) -> list[DocumentInfo]:
    """The patient's documents, newest document date first, with thumbnails but never their content."""
    load_patient(tx.session, patient_id)
    stmt = select(PatientDocument).where(PatientDocument.patient_id == patient_id)
    if not include_in_error:
        stmt = stmt.where(PatientDocument.in_error_at.is_(None))
    stmt = stmt.order_by(PatientDocument.document_date.desc(), PatientDocument.id.desc())
    return [_info(tx, doc) for doc in tx.session.scalars(stmt)]


@operation(Permission.VIEW_PATIENTS)
def open_document(tx: Tx, document_id: int) -> DocumentFile:
    """The document's content for the viewer; every open is recorded as a view of the patient's record."""
    doc = _load(tx.session, document_id)
    content = tx.session.get(PatientDocumentContent, doc.id)
    if content is None:
        raise NotFoundError("That document's content is missing. Restore it from a backup.")
    data = open_column(tx.ctx.db.field_key, content, "data")
    tx.audit("patient.view", entity_type="patient_document", entity_id=doc.id, patient_id=doc.patient_id,
             detail=f"document: {doc.category}")
    return DocumentFile(_info(tx, doc), data)


@operation(Permission.VIEW_PATIENTS)
def record_document_use(tx: Tx, document_id: int, use: str, *,
                        disclosure: DisclosureInput | None = None) -> DisclosureEntry | None:
    """Record that an opened document was printed or saved as a file (it leaves the practice database).

    ``disclosure``: the copy goes outside treatment, payment and operations, so the same transaction records it in
    the disclosure log (EDIT_PATIENTS needed; an incomplete entry records nothing) and returns the entry.
    """
    if use not in USES:
        raise ValidationError("use", "A document is either printed or saved.")
    doc = _load(tx.session, document_id)
    logged = None
    if disclosure is not None:
        logged = log_disclosure(tx, doc.patient_id, disclosure)
    tx.audit(USES[use], entity_type="patient_document", entity_id=doc.id, patient_id=doc.patient_id,
             detail=f"document: {doc.category}")
    return logged


@operation(Permission.EDIT_PATIENTS)
def mark_document_in_error(tx: Tx, document_id: int, reason: str) -> DocumentInfo:
    """Take a document out of the list (attached to the wrong patient, unreadable...); kept, with the reason."""
    actor = require_actor(tx)
    doc = _load(tx.session, document_id)
    if doc.in_error_at is not None:
        raise ConflictError("That document is already marked in error.")
    doc.in_error_reason = clean_text(reason, "reason", "Reason", max_len=200, required=True)
    doc.in_error_at, doc.in_error_by = st.utc_now(), actor.user_id
    tx.audit("patient_document.in_error", entity_type="patient_document", entity_id=doc.id,
             patient_id=doc.patient_id, detail=f"document: {doc.category}")
    tx.changed("documents")
    return _info(tx, doc)
