"""Electronic remittances (X12 835) imported: one row per check in a file, the check's provider-level
adjustments (PLB), and the claims of it that matched nothing here (the unmatched queue, resolved by hand).

All three are append-only like the posted money they came with (migration 0019 adds the triggers): an
import is never edited or deleted, so the same file or trace number is refused forever after with the date
it came in. Only an unmatched claim's resolution columns are written later, once (see append_only.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class EraImport(Base):
    """One check or EFT (an 835 transaction set) imported and posted from a remittance file."""

    __tablename__ = "era_import"
    __table_args__ = (
        # The same file's same check twice, or the same trace number from the payer twice, is refused.
        Index("uq_era_import_file_check", "file_sha256", "check_index", unique=True),
        Index("uq_era_import_payer_trace", "payer_id", "trace_number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    insurance_payment_id: Mapped[int] = mapped_column(ForeignKey("insurance_payment.id"))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200), default="")  # the name only, never a folder
    check_index: Mapped[int] = mapped_column(Integer)  # which transaction set of the file (0 = first)
    trace_number: Mapped[str] = mapped_column(String(50))  # TRN02
    originator: Mapped[str] = mapped_column(String(10), default="")  # TRN03, the payer's company id
    paid_cents: Mapped[int] = mapped_column(Cents)  # BPR02
    claim_count: Mapped[int] = mapped_column(Integer)  # CLP loops in the check
    unmatched_count: Mapped[int] = mapped_column(Integer)  # of them, put in the unmatched queue
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class PayerCheckAdjustment(Base):
    """A provider-level adjustment (835 PLB) on a payer check: interest, a recovery, a forwarding balance.

    It belongs to the check, never to a patient. Signed as in the 835: a positive amount was taken off the
    payment (BPR02 = claims paid - these), a negative one added to it (interest).
    """

    __tablename__ = "payer_check_adjustment"
    __table_args__ = (Index("ix_payer_check_adjustment_insurance_payment_id", "insurance_payment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insurance_payment_id: Mapped[int] = mapped_column(ForeignKey("insurance_payment.id"))
    era_import_id: Mapped[int] = mapped_column(ForeignKey("era_import.id"))
    reason_code: Mapped[str] = mapped_column(String(2))  # PLB03-1: L6 interest, WO recovery, FB forwarding...
    reference: Mapped[str] = mapped_column(String(50), default="")  # PLB03-2
    amount_cents: Mapped[int] = mapped_column(Cents)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class EraUnmatchedClaim(Base):
    """A remittance claim (CLP) no claim here matched: kept whole until someone picks the claim or dismisses it."""

    __tablename__ = "era_unmatched_claim"
    __table_args__ = (
        Index("ix_era_unmatched_claim_resolution", "resolution"),
        Index("ix_era_unmatched_claim_era_import_id", "era_import_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    era_import_id: Mapped[int] = mapped_column(ForeignKey("era_import.id"))
    insurance_payment_id: Mapped[int] = mapped_column(ForeignKey("insurance_payment.id"))
    patient_control_number: Mapped[str] = mapped_column(String(38))  # CLP01
    status_code: Mapped[str] = mapped_column(String(2))  # CLP02
    patient_name: Mapped[str] = mapped_column(String(120), default="")  # NM1*QC as the payer spelled it
    member_id: Mapped[str] = mapped_column(String(80), default="")
    payer_claim_number: Mapped[str] = mapped_column(String(50), default="")  # CLP07
    service_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    charge_cents: Mapped[int] = mapped_column(Cents)
    paid_cents: Mapped[int] = mapped_column(Cents)
    why: Mapped[str] = mapped_column(String(200))  # why it did not match
    claim_json: Mapped[str] = mapped_column(Text)  # the whole CLP loop as read, to post it once resolved
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Written once, when someone resolves it: 'posted' to a claim they picked, or 'dismissed' with a note.
    resolution: Mapped[str] = mapped_column(String(10), default="")
    resolved_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), nullable=True)
    resolution_note: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
