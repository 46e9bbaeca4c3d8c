"""Patient documents: scanned or saved files (PDF, JPEG, PNG, TIFF) attached to a patient's record.

The file's bytes sit in a table of their own (``patient_document_content``, one row per document, same id),
so listing a patient's documents never reads megabytes of content. Both the content and the small thumbnail
are sealed with the practice's field key (storage/field_crypto.py), as insurance card images are.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import ByteCount


class PatientDocument(Base):
    """What is known about one attached file, with its sealed thumbnail (a few KB) but not its content."""

    __tablename__ = "patient_document"
    __table_args__ = (Index("ix_patient_document_patient_id_document_date", "patient_id", "document_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    category: Mapped[str] = mapped_column(String(20))  # domain/document_kinds.py CATEGORIES
    document_date: Mapped[date] = mapped_column(Date)  # the date on the document (scan, report, signature)
    description: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(200))  # as it was on the workstation, for "Save as"
    media_type: Mapped[str] = mapped_column(String(20))  # read from the content, not the name
    size_bytes: Mapped[int] = mapped_column(ByteCount)
    page_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))  # of the plaintext: shows a second copy of the same file
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JPEG of the first page
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), nullable=True)  # a report received
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Marked in error (wrong patient, unreadable scan): hidden from the list, kept for the record.
    in_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    in_error_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    in_error_reason: Mapped[str] = mapped_column(String(200), default="")


class PatientDocumentContent(Base):
    """The sealed bytes of one document (up to 25 MB), read only when the document is opened."""

    __tablename__ = "patient_document_content"

    id: Mapped[int] = mapped_column(ForeignKey("patient_document.id"), primary_key=True)  # the document's id
    data: Mapped[bytes] = mapped_column(LargeBinary)
