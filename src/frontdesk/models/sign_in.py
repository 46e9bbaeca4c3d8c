"""Failed sign-ins for names that are no account, kept so unknown names lock exactly like real accounts.

Only a keyed digest of the typed name is stored, never the name itself (a mistyped password can land in the
username field). The table is bounded: rows expire and their number is capped (services/admin/_unknown_names.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime


class UnknownNameFailure(Base):
    __tablename__ = "unknown_name_failure"
    __table_args__ = (Index("ix_unknown_name_failure_last_failure_at", "last_failure_at"),)

    name_digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC-SHA256 hex of the name
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
