"""Billing part 2: patient payments (with reversals and refunds), their applications, payer checks and postings.

Every row here is append-only (migration 0008 adds triggers that refuse UPDATE of amounts and any DELETE):
a mistake is corrected by a new reversal row, so the ledger and the audit trail keep both.
Amounts are integer cents; the sign convention is documented on each column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


def _posted_patient(context) -> int | None:  # type: ignore[no-untyped-def]
    """Insert default of Payment.posted_patient_id: the patient the row is written for."""
    return context.get_current_parameters().get("patient_id")  # type: ignore[no-any-return]


class Payment(Base):
    """Money from (or back to) a patient: a payment, a refund of credit, or the reversal of either."""

    __tablename__ = "payment"
    __table_args__ = (
        Index("ix_payment_patient_id_received_on", "patient_id", "received_on"),
        Index("ix_payment_received_on", "received_on"),  # the day sheet and the drawer read one day's money
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    kind: Mapped[str] = mapped_column(String(8))  # payment, refund, reversal
    method: Mapped[str] = mapped_column(String(5))  # cash, check, card
    # Signed money received from the patient: payment > 0, refund < 0, reversal = minus the reversed row.
    amount_cents: Mapped[int] = mapped_column(Cents)
    received_on: Mapped[date] = mapped_column(Date)
    check_number: Mapped[str] = mapped_column(String(20), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")  # never more: no full card numbers
    card_auth_code: Mapped[str] = mapped_column(String(12), default="")
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    # A reversal names the row it undoes; UNIQUE, so nothing is reversed twice.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True, unique=True)
    reason: Mapped[str] = mapped_column(String(200), default="")  # why a reversal or refund was made
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    # The patient the money was posted to, never changed: a merge moves ``patient_id`` only, and the audit
    # seal (services/_money_seal.py) covers this one. No foreign key, so the merge's key walk leaves it alone.
    posted_patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True, default=_posted_patient)


class PaymentApplication(Base):
    """Part of a patient payment applied to one charge; a reversal writes the negative rows."""

    __tablename__ = "payment_application"
    __table_args__ = (
        Index("ix_payment_application_payment_id", "payment_id"),
        Index("ix_payment_application_service_line_id", "service_line_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"))
    service_line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id"))
    amount_cents: Mapped[int] = mapped_column(Cents)  # > 0 applied; < 0 undone by a reversal
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class InsurancePayment(Base):
    """A payer's check or EFT; its line postings must add up to ``total_cents`` before it is closed."""

    __tablename__ = "insurance_payment"
    __table_args__ = (Index("ix_insurance_payment_payer_id_paid_on", "payer_id", "paid_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    kind: Mapped[str] = mapped_column(String(5))  # check, eft
    number: Mapped[str] = mapped_column(String(30))  # check number or EFT trace number
    paid_on: Mapped[date] = mapped_column(Date)
    total_cents: Mapped[int] = mapped_column(Cents)
    # open -> closed when the postings add up; closed -> open again when a posting is reversed;
    # void (final) when a mistyped check is voided: its postings are reversed and it is entered anew.
    status: Mapped[str] = mapped_column(String(6), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class InsuranceLinePosting(Base):
    """What one payer decided about one service line of one claim (an EOB / 835 SVC line).

    A reversal is a posting of its own with every amount negated (its adjustments too) and ``reverses_id``
    naming the posting it undoes; sums over postings net out, and "live" postings (neither a reversal nor
    reversed, see services/_posting_rules.live_posting) are the payer's standing decisions.
    """

    __tablename__ = "insurance_line_posting"
    __table_args__ = (
        Index("ix_insurance_line_posting_service_line_id", "service_line_id"),
        Index("ix_insurance_line_posting_claim_id", "claim_id"),
        Index("ix_insurance_line_posting_insurance_payment_id", "insurance_payment_id"),
        Index("uq_insurance_line_posting_reverses_id", "reverses_id", unique=True),
        Index("ix_insurance_line_posting_created_at", "created_at"),  # the day sheet's adjustments of one day
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insurance_payment_id: Mapped[int] = mapped_column(ForeignKey("insurance_payment.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    service_line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id"))
    allowed_cents: Mapped[int] = mapped_column(Cents)
    paid_cents: Mapped[int] = mapped_column(Cents)
    remark_codes: Mapped[str] = mapped_column(String(60), default="")  # RARCs, space separated: "N130 M15"
    denied_reason: Mapped[str] = mapped_column(String(120), default="")  # blank unless the line was denied
    # A unique index (below), so nothing is reversed twice; a reversal itself is never reversed (the service
    # refuses it). An index rather than a constraint: SQLite adds it without copying the table.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_line_posting.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))  # why a reversal was made
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class PostingAdjustment(Base):
    """A CARC adjustment on a line posting: group (CO, PR, OA, PI, CR), reason code and amount.

    PR amounts are the patient's responsibility (they stay owed, by the patient); every other group
    is written off the balance.
    """

    __tablename__ = "posting_adjustment"
    __table_args__ = (
        Index("ix_posting_adjustment_line_posting_id", "line_posting_id"),
        Index("ix_posting_adjustment_service_line_id", "service_line_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_posting_id: Mapped[int] = mapped_column(ForeignKey("insurance_line_posting.id"))
    # Copied from the posting so balance queries need no join.
    service_line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id"))
    group_code: Mapped[str] = mapped_column(String(2))
    reason_code: Mapped[str] = mapped_column(String(5))
    amount_cents: Mapped[int] = mapped_column(Cents)
