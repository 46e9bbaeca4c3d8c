"""Billing part 1: fee schedule, encounters with diagnoses and service lines (the charges), and settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class FeeScheduleItem(Base):
    """A procedure the practice bills (CPT or HCPCS code) with its own description and default fee."""

    __tablename__ = "fee_schedule_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)  # 99213, 0001F, J1100
    code_system: Mapped[str] = mapped_column(String(5))  # cpt, hcpcs
    description: Mapped[str] = mapped_column(String(80))  # the practice's own words, never AMA text
    fee_cents: Mapped[int] = mapped_column(Cents)  # per unit
    default_units: Mapped[int] = mapped_column(Integer, default=1)
    allowed_modifiers: Mapped[str] = mapped_column(String(120), default="")  # "25 59 GT"; blank = any
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayerFee(Base):
    """A payer's own fee for a procedure, used instead of the default fee on that payer's claims."""

    __tablename__ = "payer_fee"
    __table_args__ = (UniqueConstraint("payer_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("fee_schedule_item.id"))
    fee_cents: Mapped[int] = mapped_column(Cents)


class Encounter(Base):
    """One visit's billing record: who, when, where, why (diagnoses) and what was done (service lines)."""

    __tablename__ = "encounter"
    __table_args__ = (
        Index("ix_encounter_patient_id_service_date", "patient_id", "service_date"),
        Index("ix_encounter_service_date", "service_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"), nullable=True, unique=True)
    service_date: Mapped[date] = mapped_column(Date)
    rendering_provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")  # CMS POS code; 11 = office
    # Box 17: referring (DN) or ordering (DK) provider; blank when none.
    referring_qualifier: Mapped[str] = mapped_column(String(2), default="")
    referring_first_name: Mapped[str] = mapped_column(String(60), default="")
    referring_last_name: Mapped[str] = mapped_column(String(60), default="")
    referring_npi: Mapped[str] = mapped_column(String(10), default="")
    prior_authorization: Mapped[str] = mapped_column(String(30), default="")  # box 23
    onset_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # box 14 (qualifier 431)
    # Box 10: is the condition related to employment, an auto accident (with state), another accident?
    employment_related: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_accident: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_accident_state: Mapped[str] = mapped_column(String(2), default="")
    other_accident: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(String(500), default="")
    # open (being entered), billed (claims made; lines locked), void (entered in error, never billed)
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EncounterDiagnosis(Base):
    """An ICD-10-CM code on an encounter, in order: position 1 is A (primary) up to 12 = L."""

    __tablename__ = "encounter_diagnosis"
    __table_args__ = (UniqueConstraint("encounter_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounter.id"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8))  # without the period: E119, S52521A


class ServiceLine(Base):
    """A charge: one procedure line of an encounter (CMS-1500 box 24, 837P loop 2400)."""

    __tablename__ = "service_line"
    __table_args__ = (
        UniqueConstraint("encounter_id", "line_number"),
        Index("ix_service_line_code", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounter.id"))
    line_number: Mapped[int] = mapped_column(Integer)  # 1-based order on the claim
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    place_of_service: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11), default="")  # up to 4, space separated: "25 59"
    pointers: Mapped[str] = mapped_column(String(4), default="")  # diagnosis letters in order: "AB"
    units: Mapped[int] = mapped_column(Integer, default=1)
    charge_cents: Mapped[int] = mapped_column(Cents)  # the line total (box 24F), not per unit
    ndc: Mapped[str] = mapped_column(String(11), default="")  # 11 digits, 5-4-2, no hyphens
    ndc_unit: Mapped[str] = mapped_column(String(2), default="")  # F2, GR, ME, ML, UN
    ndc_quantity: Mapped[str] = mapped_column(String(12), default="")  # decimal text, e.g. "1.5"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BillingSettings(Base):
    """The practice's one row of electronic-claim identities (837P submitter and receiver)."""

    __tablename__ = "billing_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submitter_id: Mapped[str] = mapped_column(String(15), default="")  # the ETIN the clearinghouse gave
    submitter_name: Mapped[str] = mapped_column(String(60), default="")
    contact_name: Mapped[str] = mapped_column(String(60), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    receiver_id: Mapped[str] = mapped_column(String(15), default="")
    receiver_name: Mapped[str] = mapped_column(String(60), default="")
    usage_indicator: Mapped[str] = mapped_column(String(1), default="T")  # ISA15: T test, P production
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
