"""Grouped SQL behind Billing > Reports: charges, money and write-offs of a date range, one statement each.

The same postings and the same day rules as the day sheet (services/day_close/_day_sheet_queries.py):
* charges: service lines of non-void encounters whose date of service is in the range;
* patient money: payments, refunds and reversals whose ``received_on`` is in the range (net, by method);
* insurance money and write-offs: payer line postings entered in the range (practice time zone), because
  the money reaches the practice when it is entered; a void or a correction is a reversal posting and nets out
  in the range it is entered in;
* a write-off is an adjustment for which ``writes_off`` is true (the ledger's rule: not PR, not reason 23).
A charge's payer is the payer of its encounter's lowest-rank claim (the primary); no claim = self-pay.
Every function returns a few rows per group, never a row per posting (ten years is millions of them).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased

from frontdesk.domain import schedule_time as st
from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.models import (
    Claim,
    Encounter,
    InsuranceLinePosting,
    InsurancePayment,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.services._ledger_queries import writes_off
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.storage.dialect_sql import no_index

SELF_PAY = 0  # the payer key of charges with no claim and of patient money


def entered_bounds(session: Session, flt: ReportFilter) -> tuple[datetime, datetime]:
    """[start of the From day, start of the day after To) in the practice time zone, as UTC instants."""
    tz = schedule_settings(session).tz
    return st.wall_to_utc(flt.start, time(0), tz), st.wall_to_utc(flt.end + timedelta(days=1), time(0), tz)


def primary_payer() -> Select:  # type: ignore[type-arg]
    """(encounter id, payer id) of each encounter's lowest-rank claim (then the oldest claim)."""
    first = func.row_number().over(partition_by=Claim.encounter_id, order_by=(Claim.payer_rank, Claim.id))
    ranked = select(Claim.encounter_id.label("encounter_id"), Claim.payer_id.label("payer_id"),
                    first.label("n")).subquery("ranked")
    return select(ranked.c.encounter_id, ranked.c.payer_id).where(ranked.c.n == 1)


def charges(session: Session, flt: ReportFilter, by: str) -> list[tuple[object, int, int, int]]:
    """Charges of the range grouped ``by`` "provider" (id), "procedure" (code) or "payer" (primary payer id, 0 =
    self-pay): rows of (key, service lines, units, cents)."""
    primary = primary_payer().subquery("primary_payer")
    payer = func.coalesce(primary.c.payer_id, SELF_PAY)
    key = {"provider": Encounter.rendering_provider_id, "procedure": ServiceLine.code, "payer": payer}[by]
    query = (select(key, func.count(ServiceLine.id), func.sum(ServiceLine.units), func.sum(ServiceLine.charge_cents))
             .join(Encounter, Encounter.id == ServiceLine.encounter_id)
             .where(Encounter.service_date >= flt.start, Encounter.service_date <= flt.end,
                    Encounter.status != "void"))
    if by == "payer" or flt.payer_id is not None:
        query = query.outerjoin(primary, primary.c.encounter_id == Encounter.id)
    query = _filtered(query, flt, Encounter.rendering_provider_id, payer).group_by(key)
    return [(k, int(n), int(u or 0), int(c or 0)) for k, n, u, c in session.execute(query).all()]


def _filtered(query: Select, flt: ReportFilter, provider: ColumnElement[int],  # type: ignore[type-arg]
              payer: ColumnElement[int] | None) -> Select:  # type: ignore[type-arg]
    if flt.provider_id is not None:
        query = query.where(provider == flt.provider_id)
    if flt.payer_id is not None:
        query = query.where(payer == flt.payer_id) if payer is not None else query.where(False)
    return query


def insurance_paid(session: Session, flt: ReportFilter) -> list[tuple[int, int, str, int]]:
    """Payer money posted to charges in the range: rows of (provider id, payer id, "check"/"eft", cents)."""
    start, end = entered_bounds(session, flt)
    visit = aliased(Encounter)
    query = (select(visit.rendering_provider_id, Claim.payer_id, InsurancePayment.kind,
                    func.sum(InsuranceLinePosting.paid_cents))
             .join(Claim, Claim.id == InsuranceLinePosting.claim_id)
             .join(InsurancePayment, InsurancePayment.id == InsuranceLinePosting.insurance_payment_id)
             .join(ServiceLine, ServiceLine.id == InsuranceLinePosting.service_line_id)
             .join(visit, visit.id == ServiceLine.encounter_id)
             .where(InsuranceLinePosting.created_at >= start, InsuranceLinePosting.created_at < end))
    query = _filtered(query, flt, visit.rendering_provider_id, Claim.payer_id)
    query = query.group_by(visit.rendering_provider_id, Claim.payer_id, InsurancePayment.kind)
    return [(p, y, k, int(c or 0)) for p, y, k, c in session.execute(query).all()]


def patient_received(session: Session, flt: ReportFilter) -> list[tuple[str, int]]:
    """Patient money received in the range, net of refunds and reversals: rows of (method, cents)."""
    if flt.payer_id is not None or flt.provider_id is not None:
        return []  # patient money belongs to no payer; by provider it is counted as applied (patient_applied)
    query = (select(Payment.method, func.sum(Payment.amount_cents))
             .where(Payment.received_on >= flt.start, Payment.received_on <= flt.end).group_by(Payment.method))
    return [(m, int(c or 0)) for m, c in session.execute(query).all()]


def patient_applied(session: Session, flt: ReportFilter) -> list[tuple[int, str, int]]:
    """Patient money received in the range and applied to charges: rows of (provider id, method, cents). What
    is received and not applied (money on account) has no provider."""
    if flt.payer_id is not None:
        return []
    # ``no_index(received_on)``: SQLite otherwise walks the payments by their date index and fetches each one's
    # applications through another index, a random (decrypted) page per payment: 11 s over 1 M payments against
    # 0.8 s for a straight scan of the applications with primary-key lookups (measured on the bench practice).
    # A month's report pays the scan too, still well under a second; PostgreSQL plans from statistics.
    received = no_index(Payment.received_on)
    query = (select(Encounter.rendering_provider_id, Payment.method, func.sum(PaymentApplication.amount_cents))
             .join(Payment, Payment.id == PaymentApplication.payment_id)
             .join(ServiceLine, ServiceLine.id == PaymentApplication.service_line_id)
             .join(Encounter, Encounter.id == no_index(ServiceLine.encounter_id))
             .where(received >= flt.start, received <= flt.end))
    query = _filtered(query, flt, Encounter.rendering_provider_id, None)
    query = query.group_by(Encounter.rendering_provider_id, Payment.method)
    return [(p, m, int(c or 0)) for p, m, c in session.execute(query).all()]


def write_offs(session: Session, flt: ReportFilter) -> list[tuple[int, str, str, int, int]]:
    """Write-offs entered in the range: rows of (provider id, group code, reason code, count, cents); patient
    responsibility and the prior payer's share (not write-offs, see ``writes_off``) are left out."""
    start, end = entered_bounds(session, flt)
    query = (select(Encounter.rendering_provider_id, PostingAdjustment.group_code, PostingAdjustment.reason_code,
                    func.count(PostingAdjustment.id), func.sum(PostingAdjustment.amount_cents))
             .join(InsuranceLinePosting, InsuranceLinePosting.id == PostingAdjustment.line_posting_id)
             .join(Claim, Claim.id == InsuranceLinePosting.claim_id)
             .join(ServiceLine, ServiceLine.id == PostingAdjustment.service_line_id)
             .join(Encounter, Encounter.id == ServiceLine.encounter_id)
             .where(InsuranceLinePosting.created_at >= start, InsuranceLinePosting.created_at < end))
    query = _filtered(query, flt, Encounter.rendering_provider_id, Claim.payer_id)
    query = query.group_by(Encounter.rendering_provider_id, PostingAdjustment.group_code,
                           PostingAdjustment.reason_code)
    return [(p, g, r, int(n), int(c or 0)) for p, g, r, n, c in session.execute(query).all() if writes_off(g, r)]

