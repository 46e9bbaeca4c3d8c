"""Append-only, hash-chained audit events (triggers refuse UPDATE and DELETE)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_patient_id", "patient_id"),
        Index("ix_audit_event_user_id", "user_id"),
        # The events that seal posted money (services/_money_seal.py): the newest one is read at every append.
        Index("ix_audit_event_money", "seq", sqlite_where=text("money != ''"), postgresql_where=text("money != ''")),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: events outlive users
    username: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(30), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Money rows sealed by this event (services/_money_seal.py), inside the HMAC; '' for most events.
    money: Mapped[str] = mapped_column(String(600), default="", server_default=text("''"))
