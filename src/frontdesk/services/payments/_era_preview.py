"""The frozen preview of an 835 check: payer, check, each claim's match and lines, PLB, totals, problems."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.domain import carc
from frontdesk.domain import schedule_time as st
from frontdesk.domain.era835.records import INTEREST_REASON, Adjustment, RemitCheck
from frontdesk.domain.money import from_cents
from frontdesk.models import EraImport, Payer
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.payments._era_match import ClaimMatch
from frontdesk.services.payments.era_types import (
    EraAdjustment,
    EraCheckPreview,
    EraClaimPreview,
    EraLinePreview,
    EraProviderAdjustmentPreview,
)


def earlier_import(session: Session, token: str, check: RemitCheck, payer: Payer | None) -> EraImport | None:
    """The import of this file's same check, or of the same trace number from this payer, if there was one."""
    same = [(EraImport.file_sha256 == token) & (EraImport.check_index == check.index)]
    if payer is not None:
        same.append((EraImport.payer_id == payer.id) & (EraImport.trace_number == check.trace_number))
    return session.scalars(select(EraImport).where(or_(*same)).order_by(EraImport.id).limit(1)).first()


def imported_day(session: Session, row: EraImport) -> date:
    """The day (practice time zone) an earlier import came in."""
    return st.local_date(row.imported_at, schedule_settings(session).tz)


def already_imported(session: Session, earlier: EraImport) -> str:
    """The refusal of a check imported before, with the day it came in."""
    return f"Already imported on {imported_day(session, earlier):%m/%d/%Y} (check or EFT {earlier.trace_number})."


def check_problems(session: Session, check: RemitCheck, payer: Payer | None, earlier: EraImport | None,
                   today: date) -> list[str]:
    """What stops the whole check from being posted."""
    problems = []
    if earlier is not None:
        problems.append(already_imported(session, earlier))
    if payer is None:
        name = check.payer_name or "(no name)"
        ident = f" (payer ID {check.payer_identifier})" if check.payer_identifier else ""
        problems.append(f"The payer {name}{ident} is not one of the practice's payers; add it (with its EDI payer "
                        f"ID) first.")
    if not check.balances:
        problems.append(f"The remittance does not balance: the payment ${from_cents(check.paid_cents):,.2f} is not "
                        f"the claims paid ${from_cents(check.claims_cents):,.2f} less the provider adjustments "
                        f"${from_cents(check.provider_adjustment_cents):,.2f}.")
    if check.paid_cents < 0:
        problems.append("The payment is negative (a debit): post what the payer takes back by hand.")
    if check.paid_on is None:
        problems.append("The remittance gives no payment date (BPR16).")
    elif check.paid_on > today:
        problems.append(f"The payment date {check.paid_on:%m/%d/%Y} is in the future; import it on that day.")
    return problems


def _adjustments(adjs: Sequence[Adjustment]) -> tuple[EraAdjustment, ...]:
    return tuple(EraAdjustment(a.group, a.reason, from_cents(a.cents), carc.describe(a.group, a.reason)) for a in adjs)


def _claim(m: ClaimMatch) -> EraClaimPreview:
    r = m.remit
    ids: Sequence[int | None] = m.line_ids or [None] * len(r.lines)
    lines = tuple(EraLinePreview(ln.procedure, ln.modifiers, ln.service_date, from_cents(ln.charge_cents),
                                 None if ln.allowed_cents is None else from_cents(ln.allowed_cents),
                                 from_cents(ln.paid_cents), _adjustments(ln.adjustments), ln.remark_codes, line_id,
                                 "" if line_id is not None or m.claim is None or r.is_reversal
                                 else "No charge on the claim fits it.")
                  for ln, line_id in zip(r.lines, ids, strict=True))
    name = ", ".join(p for p in (r.patient_last, r.patient_first) if p)
    return EraClaimPreview(m.key, r.control_number, r.status, r.status_label, name, r.member_id, r.payer_claim_number,
                           r.service_date, from_cents(r.charge_cents), from_cents(r.paid_cents),
                           from_cents(r.patient_cents), from_cents(r.interest_cents), _adjustments(r.adjustments),
                           r.remark_codes, m.match, m.claim.id if m.claim else None, m.patient_name, r.is_reversal,
                           lines, m.problem)


def check_preview(check: RemitCheck, payer: Payer | None, matches: Sequence[ClaimMatch], earlier_on: date | None,
                  problems: Sequence[str]) -> EraCheckPreview:
    plb = tuple(EraProviderAdjustmentPreview(p.reason, p.label, p.reference, from_cents(p.cents))
                for p in check.provider_adjustments)
    interest = (-sum(p.cents for p in check.provider_adjustments if p.reason == INTEREST_REASON)
                + sum(c.interest_cents for c in check.claims))
    return EraCheckPreview(check.index, payer.id if payer else None, check.payer_name, check.method, check.kind,
                           check.trace_number, check.paid_on, from_cents(check.paid_cents),
                           tuple(_claim(m) for m in matches), plb, from_cents(check.claims_cents),
                           from_cents(check.provider_adjustment_cents), from_cents(interest), check.balances,
                           earlier_on, tuple(problems))
