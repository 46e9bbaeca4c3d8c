"""Patient statements: batches, the statements in them (with the exact data printed), and "do not send" holds.

A statement is addressed to an account: a guarantor row, or a patient who answers for their own bills
and has no guarantor row (then ``guarantor_id`` is NULL and ``patient_id`` names that patient).
``sent_on`` stays NULL until the batch is confirmed as printed: the last-statement date of an account is
the latest ``sent_on``, so an unconfirmed (jammed, lost) print run never counts as sent.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class StatementBatch(Base):
    """One print run of statements: prepared, then confirmed as printed (or discarded)."""

    __tablename__ = "statement_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(9), default="prepared")  # prepared, printed, discarded
    filters: Mapped[str] = mapped_column(String(400), default="")  # JSON of the filters used (no PHI)
    statement_count: Mapped[int] = mapped_column(Integer, default=0)
    total_due_cents: Mapped[int] = mapped_column(Cents, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class Statement(Base):
    """One account's statement; ``snapshot`` is the JSON of exactly what was printed (reprints render it)."""

    __tablename__ = "statement"
    __table_args__ = (
        Index("ix_statement_batch_id", "batch_id"),
        Index("ix_statement_guarantor_id_sent_on", "guarantor_id", "sent_on"),
        Index("ix_statement_patient_id_sent_on", "patient_id", "sent_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("statement_batch.id"))
    sequence: Mapped[int] = mapped_column(Integer)  # position in the batch PDF (1-based)
    guarantor_id: Mapped[int | None] = mapped_column(ForeignKey("guarantor.id"), nullable=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), nullable=True)  # self-responsible
    amount_due_cents: Mapped[int] = mapped_column(Cents)
    oldest_days: Mapped[int] = mapped_column(Integer, default=0)  # age of the oldest amount owed (dunning)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # set only when the batch is confirmed
    snapshot: Mapped[str] = mapped_column(Text)


class StatementPatient(Base):
    """Which patients a statement covered: the ledger shows 'statement sent' on each of their ledgers.

    No uniqueness on (statement, patient): merging two patient records that were on the same family
    statement moves both rows to the survivor, and readers de-duplicate.
    """

    __tablename__ = "statement_patient"
    __table_args__ = (
        Index("ix_statement_patient_patient_id", "patient_id"),
        Index("ix_statement_patient_statement_id", "statement_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))


class StatementHold(Base):
    """A patient marked "do not send statements" (kept here, not on the patient row: billing owns it).

    One per patient (a unique constraint, which the patient merge checks and reports as a blocker).
    """

    __tablename__ = "statement_hold"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
