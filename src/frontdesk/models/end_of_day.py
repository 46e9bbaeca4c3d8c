"""End of day: deposits (which payments went to the bank), cash drawer counts, day closes and their corrections.

A deposit and its items are never edited or deleted (migration 0009 adds triggers), and a payment or payer
check can be on one deposit only (UNIQUE). A closed day is locked: later changes to it go in as
``ClosedDayCorrection`` rows dated the day they were made.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class Deposit(Base):
    """One bank deposit: the cash and checks taken to the bank, with its slip's totals (cents)."""

    __tablename__ = "deposit"
    __table_args__ = (Index("ix_deposit_deposit_date", "deposit_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deposit_date: Mapped[date] = mapped_column(Date)
    cash_cents: Mapped[int] = mapped_column(Cents)
    check_cents: Mapped[int] = mapped_column(Cents)
    check_count: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Cents)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class DepositItem(Base):
    """A patient payment (cash or check) or a payer's check on a deposit; exactly one of the two ids is set."""

    __tablename__ = "deposit_item"
    __table_args__ = (Index("ix_deposit_item_deposit_id", "deposit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deposit_id: Mapped[int] = mapped_column(ForeignKey("deposit.id"))
    # UNIQUE: a payment is on one deposit only.
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True, unique=True)
    insurance_payment_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_payment.id"), nullable=True,
                                                             unique=True)
    method: Mapped[str] = mapped_column(String(5))  # cash, check
    amount_cents: Mapped[int] = mapped_column(Cents)  # signed: a cash refund paid from the drawer is < 0


class CashDrawerCount(Base):
    """A count of the drawer at closing against what the system expects; the newest count of a day counts."""

    __tablename__ = "cash_drawer_count"
    __table_args__ = (Index("ix_cash_drawer_count_day", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    opening_float_cents: Mapped[int] = mapped_column(Cents)
    counted_cash_cents: Mapped[int] = mapped_column(Cents)  # everything in the drawer, float included
    counted_checks_cents: Mapped[int] = mapped_column(Cents)
    expected_cash_cents: Mapped[int] = mapped_column(Cents)  # float + the day's cash entries
    expected_checks_cents: Mapped[int] = mapped_column(Cents)
    difference_cents: Mapped[int] = mapped_column(Cents)  # counted - expected (cash and checks); < 0 = short
    note: Mapped[str] = mapped_column(String(200), default="")
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    counted_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class DaySheetPrint(Base):
    """The day sheet of a day was printed (a step of the closing checklist)."""

    __tablename__ = "day_sheet_print"
    __table_args__ = (Index("ix_day_sheet_print_day", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class DayClose(Base):
    """A closed day: its payments and charges are locked; the totals at closing are kept here."""

    __tablename__ = "day_close"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    backup_run_id: Mapped[int | None] = mapped_column(ForeignKey("backup_run.id"), nullable=True)
    backup_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    charges_cents: Mapped[int] = mapped_column(Cents)
    patient_money_cents: Mapped[int] = mapped_column(Cents)  # net: payments - refunds - reversals
    insurance_cents: Mapped[int] = mapped_column(Cents)
    adjustments_cents: Mapped[int] = mapped_column(Cents)


class ClosedDayCorrection(Base):
    """A change an administrator made after a day was closed, dated the day it was made."""

    __tablename__ = "closed_day_correction"
    __table_args__ = (Index("ix_closed_day_correction_made_on", "made_on"),
                      Index("ix_closed_day_correction_closed_day", "closed_day"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed_day: Mapped[date] = mapped_column(Date)
    made_on: Mapped[date] = mapped_column(Date)
    entity_type: Mapped[str] = mapped_column(String(20))  # payment, service_line, encounter, insurance_payment
    entity_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(String(200))  # no PHI: what kind of change and the amount
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    made_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
