"""A patient's phone numbers (home, mobile, work), with indexed search keys for any-phone lookup."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base

PHONE_KINDS = ("home", "mobile", "work")


class PatientPhone(Base):
    __tablename__ = "patient_phone"
    __table_args__ = (
        UniqueConstraint("patient_id", "kind"),
        Index("ix_patient_phone_number_digits", "digits"),
        Index("ix_patient_phone_number_local7", "local7"),
        Index("ix_patient_phone_number_last4", "last4"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    kind: Mapped[str] = mapped_column(String(6))  # home, mobile, work
    e164: Mapped[str] = mapped_column(String(20))
    digits: Mapped[str] = mapped_column(String(15))  # national digits, '5185550142'
    local7: Mapped[str] = mapped_column(String(7))  # the last 7 digits, what people say without the area code
    # The last 4 digits ("the one ending in 0180"): a suffix is searched by equality on its own index.
    last4: Mapped[str] = mapped_column(String(4), default="", server_default=text("''"))
