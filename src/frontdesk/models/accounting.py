"""The accounting export: which of the practice's accounts each kind of FrontDesk money goes to, and which
days' journals were exported (each day once; a later export of the same day is marked a re-export)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class AccountMapping(Base):
    """One line of the chart-of-accounts map: a FrontDesk money key -> the account name in QuickBooks."""

    __tablename__ = "account_mapping"

    key: Mapped[str] = mapped_column(String(30), primary_key=True)  # services/admin/accounting_map.py KEYS
    account: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class AccountingExport(Base):
    """One day's journal written to a file; ``reexport`` when that day had been exported before."""

    __tablename__ = "accounting_export"
    __table_args__ = (Index("ix_accounting_export_day", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    file_format: Mapped[str] = mapped_column(String(10))  # iif, qbo_csv
    reexport: Mapped[bool] = mapped_column(Boolean, default=False)
    debits_cents: Mapped[int] = mapped_column(Cents)  # the journal's total (debits = credits)
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    exported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
