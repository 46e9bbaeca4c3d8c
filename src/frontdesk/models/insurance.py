"""Payers, patients' insurance policies, manual eligibility checks and insurance card images."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import ByteCount, Cents


class Payer(Base):
    """An insurance company or program the practice bills."""

    __tablename__ = "payer"
    __table_args__ = (Index("ix_payer_name_key", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))  # folded, for sorting and duplicate checks
    # The clearinghouse (EDI) payer ID, e.g. 00882; may be blank for paper-only payers.
    edi_payer_id: Mapped[str] = mapped_column(String(20), default="")
    # CMS-1500 box 1: medicare, medicaid, tricare, champva, group_health_plan, feca_black_lung, other
    claim_type: Mapped[str] = mapped_column(String(20))
    address_line1: Mapped[str] = mapped_column(String(80), default="")
    address_line2: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164; provider services, for eligibility calls
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InsurancePolicy(Base):
    """One coverage of one patient, ranked 1 primary, 2 secondary, 3 tertiary; ended ones stay as history."""

    __tablename__ = "insurance_policy"
    __table_args__ = (
        Index("ix_insurance_policy_patient_id_rank", "patient_id", "rank"),
        Index("ix_insurance_policy_member_key", "member_key"),
        Index("ix_insurance_policy_payer_id", "payer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    rank: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(String(30))  # as typed on the card
    member_key: Mapped[str] = mapped_column(String(30))  # upper-case letters and digits only, for search
    group_number: Mapped[str] = mapped_column(String(30), default="")
    plan_name: Mapped[str] = mapped_column(String(80), default="")
    relationship: Mapped[str] = mapped_column(String(10))  # patient's relationship to the subscriber
    # The subscriber (insured) when not the patient; blank when relationship is 'self'.
    subscriber_first_name: Mapped[str] = mapped_column(String(60), default="")
    subscriber_middle_name: Mapped[str] = mapped_column(String(60), default="")
    subscriber_last_name: Mapped[str] = mapped_column(String(60), default="")
    subscriber_dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    subscriber_sex: Mapped[str] = mapped_column(String(1), default="")
    subscriber_address_line1: Mapped[str] = mapped_column(String(80), default="")
    subscriber_address_line2: Mapped[str] = mapped_column(String(80), default="")
    subscriber_city: Mapped[str] = mapped_column(String(60), default="")
    subscriber_state: Mapped[str] = mapped_column(String(2), default="")
    subscriber_zip_code: Mapped[str] = mapped_column(String(10), default="")
    subscriber_phone: Mapped[str] = mapped_column(String(20), default="")
    subscriber_employer: Mapped[str] = mapped_column(String(80), default="")
    effective_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # last covered day; None = open
    copay_cents: Mapped[int] = mapped_column(Cents, default=0)
    accept_assignment: Mapped[bool] = mapped_column(Boolean, default=True)
    release_signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # CMS-1500 box 12
    assignment_signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # CMS-1500 box 13
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # One more at every saved edit (as Patient.version): a stale policy form cannot overwrite a newer save.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))


class EligibilityCheck(Base):
    """An eligibility check logged against a policy: manual (phone, portal, fax) or a payer's 271 answer."""

    __tablename__ = "eligibility_check"
    __table_args__ = (Index("ix_eligibility_check_policy_id_checked_on", "policy_id", "checked_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("insurance_policy.id"))
    checked_on: Mapped[date] = mapped_column(Date)
    checked_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    method: Mapped[str] = mapped_column(String(10))  # phone, portal, fax
    payer_contact: Mapped[str] = mapped_column(String(80), default="")
    reference_number: Mapped[str] = mapped_column(String(40), default="")
    result: Mapped[str] = mapped_column(String(12))  # active, inactive, not_found, other
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What a payer's 271 answer said (source "271"; manual checks leave these blank). For a 271 the
    # method is "file" and checked_on is the date the answer covers (the visit date the 270 asked about).
    source: Mapped[str] = mapped_column(String(6), default="manual", server_default=text("'manual'"))  # manual, 271
    plan_name: Mapped[str] = mapped_column(String(80), default="", server_default=text("''"))
    copay_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)  # office visit, in network
    coinsurance_basis_points: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 2000 = 20%
    deductible_remaining_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)
    rejection_code: Mapped[str] = mapped_column(String(2), default="", server_default=text("''"))  # AAA03
    request_id: Mapped[int | None] = mapped_column(ForeignKey("eligibility_request.id"), nullable=True)


class InsuranceCardImage(Base):
    """The front or back of an insurance card; the bytes live inside the encrypted database only."""

    __tablename__ = "insurance_card_image"
    __table_args__ = (UniqueConstraint("policy_id", "side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("insurance_policy.id"))
    side: Mapped[str] = mapped_column(String(5))  # front, back
    mime_type: Mapped[str] = mapped_column(String(20))
    size_bytes: Mapped[int] = mapped_column(ByteCount)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
