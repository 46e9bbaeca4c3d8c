"""Claims: one per encounter and payer rank, their lines, every status change, and submission batches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class ClaimBatch(Base):
    """One print run or one 837P file; the X12 control numbers are stored here and only ever increase."""

    __tablename__ = "claim_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # paper, x12_837p
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Cents, default=0)
    interchange_control_number: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)  # ISA13
    group_control_number: Mapped[int | None] = mapped_column(Integer, nullable=True)  # GS06
    file_name: Mapped[str] = mapped_column(String(200), default="")  # base name only, never a full path


class Claim(Base):
    """A bill to one payer for one encounter. Status: draft, ready, held, submitted, paid, partly_paid,
    denied, closed (frequency 1 original, 7 replacement, 8 void)."""

    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_status_id", "status", "id"),
        Index("ix_claim_encounter_id", "encounter_id"),
        Index("ix_claim_patient_id", "patient_id"),
        Index("ix_claim_payer_id_status", "payer_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounter.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    policy_id: Mapped[int] = mapped_column(ForeignKey("insurance_policy.id"))
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    payer_rank: Mapped[int] = mapped_column(Integer)  # 1 primary, 2 secondary, 3 tertiary
    status: Mapped[str] = mapped_column(String(12), default="draft")
    status_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    frequency_code: Mapped[str] = mapped_column(String(1), default="1")  # box 22 / CLM05-3
    original_reference: Mapped[str] = mapped_column(String(30), default="")  # payer's claim number (box 22)
    replaces_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), nullable=True)
    total_cents: Mapped[int] = mapped_column(Cents, default=0)
    prior_paid_cents: Mapped[int] = mapped_column(Cents, default=0)  # what earlier payers paid (secondary)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)  # as of the last scrub
    payer_claim_number: Mapped[str] = mapped_column(String(30), default="")  # from the payer's remittance
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    submission: Mapped[str] = mapped_column(String(8), default="")  # paper, x12_837p
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("claim_batch.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimLine(Base):
    """A service line as billed on one claim (its charge kept as billed, even if the encounter changes)."""

    __tablename__ = "claim_line"
    __table_args__ = (
        UniqueConstraint("claim_id", "line_number"),
        Index("ix_claim_line_service_line_id", "service_line_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    service_line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    charge_cents: Mapped[int] = mapped_column(Cents)
    prior_paid_cents: Mapped[int] = mapped_column(Cents, default=0)  # earlier payer's payment on this line


class ClaimEvent(Base):
    """One change in a claim's life: created, a status change, printed, exported, corrected, voided."""

    __tablename__ = "claim_event"
    __table_args__ = (Index("ix_claim_event_claim_id", "claim_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    from_status: Mapped[str] = mapped_column(String(12), default="")
    to_status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(300), default="")
