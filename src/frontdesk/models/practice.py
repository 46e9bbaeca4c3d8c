"""The practice (one row) and its providers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class Practice(Base):
    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(120))
    address_line1: Mapped[str] = mapped_column(String(80))
    address_line2: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(2))
    zip_code: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    ein: Mapped[str] = mapped_column(String(9))
    billing_npi: Mapped[str] = mapped_column(String(10))
    taxonomy: Mapped[str] = mapped_column(String(10))
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Calendar: grid granularity (5, 10 or 15 minutes) and the IANA zone every local time is in.
    slot_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default=text("15"))
    time_zone: Mapped[str] = mapped_column(String(64), default="America/New_York", server_default="America/New_York")
    # The front desk may block out a provider's time for today or the coming days (out sick); off until an
    # administrator allows it (migration 0028).
    desk_blockouts: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Provider(Base):
    __tablename__ = "provider"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(60))
    credential: Mapped[str] = mapped_column(String(20), default="")
    npi: Mapped[str] = mapped_column(String(10), unique=True)
    taxonomy: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
