"""Day sheet and drawer figures in SQL: a handful of grouped queries per day, whatever the number of visits.

What belongs to a day (the same rules the locks in services/day_close/_day_locks.py protect):
* charges: service lines of non-void encounters whose date of service is the day;
* patient money: payments, refunds and reversals whose ``received_on`` is the day;
* insurance money and adjustments: payer payments and line postings entered that day (practice time zone),
  because a payer's check date is only information and the money reaches the practice when it is entered.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.money import from_cents
from frontdesk.models import (
    CashDrawerCount,
    ClosedDayCorrection,
    Encounter,
    FeeScheduleItem,
    InsuranceLinePosting,
    InsurancePayment,
    Payment,
    PostingAdjustment,
    Provider,
    ServiceLine,
    User,
)
from frontdesk.services._ledger_queries import writes_off
from frontdesk.domain.names import provider_display_name
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.day_close.end_of_day_types import (
    CorrectionRow,
    DrawerCount,
    DrawerExpectation,
    MoneyLine,
    ProcedureTotal,
)

METHOD_LABELS = {"cash": "Cash", "check": "Check", "card": "Card"}
GROUP_LABELS = {"CO": "Contractual (CO)", "OA": "Other (OA)", "PI": "Payer initiated (PI)", "CR": "Correction (CR)"}


def day_bounds_utc(session: Session, day: date) -> tuple[datetime, datetime]:
    """[start, end) of ``day`` in the practice time zone, as UTC instants (for created_at columns)."""
    tz = schedule_settings(session).tz
    return st.wall_to_utc(day, time(0), tz), st.wall_to_utc(day + timedelta(days=1), time(0), tz)


def procedure_totals(session: Session, day: date) -> tuple[list[ProcedureTotal], int]:
    """Charges of the day grouped by provider and procedure code, and how many visits they came from."""
    rows = session.execute(
        select(Encounter.rendering_provider_id, Provider.first_name, Provider.last_name, Provider.credential,
               ServiceLine.code, func.count(ServiceLine.id), func.sum(ServiceLine.units),
               func.sum(ServiceLine.charge_cents))
        .join(Encounter, Encounter.id == ServiceLine.encounter_id)
        .join(Provider, Provider.id == Encounter.rendering_provider_id)
        .where(Encounter.service_date == day, Encounter.status != "void")
        # Provider.id too: PostgreSQL lets the names be selected only when their key is grouped on
        .group_by(Encounter.rendering_provider_id, Provider.id, ServiceLine.code)).all()
    codes = sorted({r[4] for r in rows})
    descriptions = dict(session.execute(select(FeeScheduleItem.code, FeeScheduleItem.description)
                                        .where(FeeScheduleItem.code.in_(codes))).all()) if codes else {}
    totals = [ProcedureTotal(r[0], provider_display_name(r[1], r[2], r[3]), r[4], descriptions.get(r[4], ""),
                             int(r[5]), int(r[6] or 0), from_cents(int(r[7] or 0))) for r in rows]
    totals.sort(key=lambda t: (t.provider_name, t.provider_id, t.code))
    visits = session.scalar(select(func.count(func.distinct(ServiceLine.encounter_id)))
                            .join(Encounter, Encounter.id == ServiceLine.encounter_id)
                            .where(Encounter.service_date == day, Encounter.status != "void")) or 0
    return totals, int(visits)


def patient_money(session: Session, day: date) -> tuple[list[MoneyLine], list[MoneyLine]]:
    """(payments by method, refunds and reversals by kind and method) received on the day."""
    rows = session.execute(select(Payment.kind, Payment.method, func.count(Payment.id), func.sum(Payment.amount_cents))
                           .where(Payment.received_on == day).group_by(Payment.kind, Payment.method)).all()
    found = {(k, m): (int(n), int(c or 0)) for k, m, n, c in rows}
    payments = [MoneyLine(f"{METHOD_LABELS[m]} payments", *_money(found.get(("payment", m), (0, 0))))
                for m in METHOD_LABELS]
    other = [MoneyLine(f"{kind.capitalize()}s ({METHOD_LABELS.get(m, m).lower()})", n, from_cents(c))
             for (kind, m), (n, c) in sorted(found.items()) if kind != "payment"]
    return payments, other


def _money(pair: tuple[int, int]) -> tuple[int, object]:
    return pair[0], from_cents(pair[1])


def insurance_money(session: Session, day: date) -> MoneyLine:
    """Payer checks and EFTs entered on the day."""
    start, end = day_bounds_utc(session, day)
    n, cents = session.execute(select(func.count(InsurancePayment.id), func.sum(InsurancePayment.total_cents))
                               .where(InsurancePayment.created_at >= start, InsurancePayment.created_at < end)).one()
    return MoneyLine("Insurance payments", int(n), from_cents(int(cents or 0)))


def voided_insurance(session: Session, day: date) -> MoneyLine:
    """Payer checks and EFTs voided on the day (a negative amount: they were counted the day they were entered)."""
    start, end = day_bounds_utc(session, day)
    n, cents = session.execute(select(func.count(InsurancePayment.id), func.sum(InsurancePayment.total_cents))
                               .where(InsurancePayment.voided_at >= start, InsurancePayment.voided_at < end)).one()
    return MoneyLine("Voided insurance payments", int(n), from_cents(-int(cents or 0)))


def adjustments(session: Session, day: date) -> list[MoneyLine]:
    """Write-offs posted on the day, by claim adjustment group (patient responsibility is not a write-off)."""
    start, end = day_bounds_utc(session, day)
    rows = session.execute(
        select(PostingAdjustment.group_code, PostingAdjustment.reason_code, func.count(PostingAdjustment.id),
               func.sum(PostingAdjustment.amount_cents))
        .join(InsuranceLinePosting, InsuranceLinePosting.id == PostingAdjustment.line_posting_id)
        .where(InsuranceLinePosting.created_at >= start, InsuranceLinePosting.created_at < end)
        .group_by(PostingAdjustment.group_code, PostingAdjustment.reason_code)).all()
    by_group: dict[str, tuple[int, int]] = {}
    for group, reason, n, cents in rows:
        if writes_off(group, reason):
            count, total = by_group.get(group, (0, 0))
            by_group[group] = (count + int(n), total + int(cents or 0))
    return [MoneyLine(GROUP_LABELS.get(g, g), n, from_cents(c)) for g, (n, c) in sorted(by_group.items())]


def drawer_expectation(session: Session, day: date) -> DrawerExpectation:
    """Cash entries of the day (net) and the checks received that day (patients' and payers')."""
    cash = session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0))
                          .where(Payment.received_on == day, Payment.method == "cash")) or 0
    checks = session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0))
                            .where(Payment.received_on == day, Payment.method == "check",
                                   Payment.kind == "payment")) or 0
    start, end = day_bounds_utc(session, day)
    # A payer check voided the same day (mistyped, entered again) is in the drawer once, as its new entry.
    payer_checks = session.scalar(select(func.coalesce(func.sum(InsurancePayment.total_cents), 0))
                                  .where(InsurancePayment.kind == "check", InsurancePayment.created_at >= start,
                                         InsurancePayment.created_at < end,
                                         or_(InsurancePayment.voided_at.is_(None), InsurancePayment.voided_at >= end))
                                  ) or 0
    return DrawerExpectation(day, from_cents(int(cash)), from_cents(int(checks) + int(payer_checks)))


def latest_drawer_count(session: Session, day: date) -> DrawerCount | None:
    """The newest drawer count of the day, or None."""
    row = session.scalars(select(CashDrawerCount).where(CashDrawerCount.day == day)
                          .order_by(CashDrawerCount.counted_at.desc(), CashDrawerCount.id.desc()).limit(1)).first()
    if row is None:
        return None
    user = session.get(User, row.counted_by) if row.counted_by else None
    return DrawerCount(row.day, from_cents(row.opening_float_cents), from_cents(row.counted_cash_cents),
                       from_cents(row.counted_checks_cents), from_cents(row.expected_cash_cents),
                       from_cents(row.expected_checks_cents), from_cents(row.difference_cents), row.note,
                       row.counted_at, user.full_name if user else "")


def corrections_made_on(session: Session, day: date) -> list[CorrectionRow]:
    """Corrections to closed days that were made on ``day``."""
    rows = session.execute(select(ClosedDayCorrection, User.full_name)
                           .outerjoin(User, User.id == ClosedDayCorrection.made_by)
                           .where(ClosedDayCorrection.made_on == day).order_by(ClosedDayCorrection.id)).all()
    return [CorrectionRow(c.closed_day, c.entity_type, c.entity_id, c.detail, name or "") for c, name in rows]
