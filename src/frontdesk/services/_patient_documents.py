"""Storing one patient document (shared by the patients area and a referral's "report received" step).

Everything is checked before anything is written: the category, the date, the file name, and the content
itself (its type read from its bytes and matching its extension, the 25 MB limit, a PDF that opens without a
password, a picture that decodes). A refused file leaves no row behind. The content and its thumbnail are
sealed with the practice's field key (storage/field_crypto.py), exactly as insurance card images are.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import PureWindowsPath

from sqlalchemy import select

from frontdesk.document_pages import inspect_document
from frontdesk.domain import schedule_time as st
from frontdesk.domain.document_kinds import CATEGORIES, MAX_FILE_NAME, NewDocument, check_file
from frontdesk.domain.formats import format_date
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import PatientDocument, PatientDocumentContent
from frontdesk.services._base import Tx
from frontdesk.services._lookups import load_editable
from frontdesk.services._practice_clock import practice_today
from frontdesk.storage.field_crypto import seal_column


def _file_name(value: object) -> str:
    # Only the name: a path (either OS's separators) would tell which folder the scan came from.
    name = PureWindowsPath(str(value or "")).name
    name = clean_text(name, "file", "File name", max_len=1000, required=True)
    if len(name) > MAX_FILE_NAME:  # keep the extension: it is checked against the content
        stem, dot, ext = name.rpartition(".")
        name = stem[:MAX_FILE_NAME - len(ext) - 1] + dot + ext if dot and len(ext) < 10 else name[:MAX_FILE_NAME]
    return name


def _document_date(tx: Tx, value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError("document_date", "Type the date on the document (MM/DD/YYYY).")
    if value > practice_today(tx.session):
        raise ValidationError("document_date", "The document's date cannot be in the future.")
    return value


def _refuse_second_copy(tx: Tx, patient_id: int, digest: str) -> None:
    """The same file dropped twice is attached once (a copy marked in error does not count)."""
    same = tx.session.scalar(select(PatientDocument).where(PatientDocument.patient_id == patient_id,
                                                           PatientDocument.sha256 == digest,
                                                           PatientDocument.in_error_at.is_(None)).limit(1))
    if same is not None:
        raise ConflictError(f"This file is already attached to this patient ({CATEGORIES[same.category]} dated "
                            f"{format_date(same.document_date)}); it was not attached again.")


def store_document(tx: Tx, patient_id: int, new: NewDocument, *, referral_id: int | None = None) -> PatientDocument:
    """Check and store ``new`` on the patient, with its audit row, in the caller's transaction."""
    if not isinstance(new, NewDocument):
        raise TypeError("new must be a NewDocument")
    patient = load_editable(tx.session, patient_id)
    if new.category not in CATEGORIES:
        raise ValidationError("category", "Choose what kind of document this is.")
    day = _document_date(tx, new.document_date)
    description = clean_text(new.description, "description", "Description", max_len=200)
    name = _file_name(new.file_name)
    if not isinstance(new.data, (bytes, bytearray, memoryview)):
        raise ValidationError("file", "Choose a file to attach.")
    data = bytes(new.data)
    media_type = check_file(name, data)
    digest = hashlib.sha256(data).hexdigest()
    _refuse_second_copy(tx, patient.id, digest)
    pages, thumbnail = inspect_document(data, media_type, name)
    key = tx.ctx.db.field_key
    doc = PatientDocument(patient_id=patient.id, category=new.category, document_date=day, description=description,
                          file_name=name, media_type=media_type, size_bytes=len(data), page_count=pages,
                          sha256=digest, referral_id=referral_id,
                          created_by=tx.actor.user_id if tx.actor else None, created_at=st.utc_now())
    seal_column(tx.session, key, doc, "thumbnail", thumbnail)  # flushes first: the seal binds the row's id
    content = PatientDocumentContent(id=doc.id)
    seal_column(tx.session, key, content, "data", data)
    tx.session.add(content)
    tx.session.flush()
    tx.audit("patient_document.attach", entity_type="patient_document", entity_id=doc.id, patient_id=patient.id,
             detail=f"category: {new.category}; type: {media_type}; pages: {pages}")
    tx.changed("documents")
    return doc
