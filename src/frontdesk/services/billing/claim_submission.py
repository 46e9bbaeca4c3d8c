"""Submitting claims: print ready claims onto CMS-1500 forms or write them into one 837P file, as one batch.

The file is written inside the same transaction that marks the claims submitted: if writing fails, nothing
is marked; each claim is re-scrubbed on the way (``claim_states.submit``), so a claim with a problem never
reaches submitted. ``print_clean_claims`` (the command line) prints the ready claims that scrub clean and
lists the others, unchanged, instead of refusing the whole batch. Printing copies and the alignment page
change no status.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.claim_form import ClaimForm
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Claim, ClaimBatch, Patient, Payer
from frontdesk.reports import cms1500
from frontdesk.services.billing import claim_states
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.billing._billing_settings_row import _billing_settings_row
from frontdesk.services.billing._claim_build import build_claim_form
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services._x12_files import check_out_path, next_interchange_number
from frontdesk.services.billing.billing_types import CLAIM_STATUS_LABELS, BatchResult, ClaimProblem

# Most clearinghouses take at most 5,000 claims per 837P transaction; a front desk never gets near it.
MAX_CLAIMS_PER_BATCH = 5000


def _today(session: Session):  # type: ignore[no-untyped-def]
    return st.local_date(st.utc_now(), schedule_settings(session).tz)


def _claims_to_submit(session: Session, claim_ids: Sequence[int] | None) -> list[Claim]:
    """The chosen claims (all ready ones when None), oldest first; each chosen one must be ready."""
    if claim_ids is None:
        claims = list(session.scalars(select(Claim).where(Claim.status == "ready").order_by(Claim.id)))
    else:
        wanted = list(dict.fromkeys(int(i) for i in claim_ids))
        found = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(wanted)))}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFoundError(f"Claim {missing[0]} no longer exists.")
        claims = [found[i] for i in sorted(wanted)]
        not_ready = [c.id for c in claims if c.status != "ready"]
        if not_ready:
            shown = ", ".join(str(i) for i in not_ready[:5])
            raise ConflictError(f"Only ready claims can be submitted; claim {shown} is not ready.")
    if not claims:
        raise ConflictError("There are no ready claims to submit.")
    if len(claims) > MAX_CLAIMS_PER_BATCH:
        raise ValidationError("claims", f"Submit at most {MAX_CLAIMS_PER_BATCH:,} claims at a time.")
    return claims


def _new_batch(session: Session, kind: str, user_id: int, claims: list[Claim], out_path: str) -> ClaimBatch:
    batch = ClaimBatch(kind=kind, created_by=user_id, claim_count=len(claims),
                       total_cents=sum(c.total_cents for c in claims), file_name=Path(out_path).name[:200])
    session.add(batch)
    session.flush()
    return batch


def _submit_all(tx: Tx, claims: list[Claim], via: str, batch: ClaimBatch) -> None:
    actor = require_actor(tx)
    today = _today(tx.session)
    for claim in claims:
        claim_states.submit(tx.session, claim, via=via, batch_id=batch.id, on_date=today, user_id=actor.user_id)


def _offsets(offsets: cms1500.PrintOffsets | None) -> cms1500.PrintOffsets:
    return offsets if offsets is not None else cms1500.PrintOffsets()


def _check_mode(mode: str) -> str:
    if mode not in cms1500.MODES:
        raise ValidationError("mode", "Choose data only (for red forms) or the full form.")
    return mode


@operation(Permission.SUBMIT_CLAIMS)
def print_claims(tx: Tx, out_path: str, *, mode: str = "data", claim_ids: Sequence[int] | None = None,
                 offsets: cms1500.PrintOffsets | None = None) -> BatchResult:
    """Print ready claims (all of them when ``claim_ids`` is None) into one PDF and mark them submitted.

    Forms are built one claim at a time while the PDF streams, so a batch of hundreds stays small in memory.
    """
    out = check_out_path(out_path)
    _check_mode(mode)
    return _print_batch(tx, _claims_to_submit(tx.session, claim_ids), out, mode, offsets)


def _print_batch(tx: Tx, claims: list[Claim], out: str, mode: str,
                 offsets: cms1500.PrintOffsets | None) -> BatchResult:
    actor = require_actor(tx)
    batch = _new_batch(tx.session, "paper", actor.user_id, claims, out)
    _submit_all(tx, claims, "paper", batch)

    def forms() -> Iterator[ClaimForm]:
        for claim in claims:
            yield build_claim_form(tx.session, claim)

    pages = cms1500.render_claims(forms(), out, mode=mode, offsets=_offsets(offsets))
    tx.audit("claims.print", entity_type="claim_batch", entity_id=batch.id,
             detail=f"{len(claims)} claims, {pages} pages, {mode} mode")
    tx.changed("claims", "encounters")
    return BatchResult(batch.id, "paper", tuple(c.id for c in claims), batch.total_cents, out, pages=pages)


@dataclass(frozen=True)
class LeftOutClaim:
    """A ready claim that was not printed (or printed with warnings), with what to fix or know (claim number and
    account only: no names)."""

    claim_id: int
    account_number: str
    problems: tuple[tuple[str, str], ...]  # (CMS-1500 box, problem text)


@dataclass(frozen=True)
class PrintRun:
    batch: BatchResult | None  # None when every ready claim had a problem
    left_out: tuple[LeftOutClaim, ...]
    warned: tuple[LeftOutClaim, ...] = ()  # printed claims with warnings (e.g. no code set for the date of service)


@operation(Permission.SUBMIT_CLAIMS)
def print_clean_claims(tx: Tx, out_path: str, *, mode: str = "data",
                       offsets: cms1500.PrintOffsets | None = None) -> PrintRun:
    """Print every ready claim that scrubs clean now; the others are listed and keep their status.

    One claim whose patient or payer changed since it became ready no longer holds back the batch.
    """
    out = check_out_path(out_path)
    _check_mode(mode)
    clean: list[Claim] = []
    left_out: list[LeftOutClaim] = []
    warned: list[LeftOutClaim] = []

    def listed(claim: Claim, found: list[ClaimProblem]) -> LeftOutClaim:
        account = tx.session.get(Patient, claim.patient_id).account_number
        return LeftOutClaim(claim.id, account, tuple((p.box, p.message) for p in found))

    for claim in _claims_to_submit(tx.session, None):
        found = scrub(tx.session, claim)  # read only: a left-out claim stays as it is, to be fixed
        problems = blocking(found)
        if problems:
            left_out.append(listed(claim, problems))
            continue
        clean.append(claim)
        warnings = [p for p in found if p.warning]
        if warnings:
            warned.append(listed(claim, warnings))
    batch = _print_batch(tx, clean, out, mode, offsets) if clean else None
    return PrintRun(batch, tuple(left_out), tuple(warned))


@operation(Permission.SUBMIT_CLAIMS)
def export_837p(tx: Tx, out_path: str, *, claim_ids: Sequence[int] | None = None) -> BatchResult:
    """Write ready claims (all when ``claim_ids`` is None) into one 837P file and mark them submitted."""
    from frontdesk.reports import x12_837p

    out = check_out_path(out_path)
    actor = require_actor(tx)
    settings = _billing_settings_row(tx.session)
    if settings is None or not settings.submitter_id or not settings.receiver_id:
        raise ValidationError("submitter_id", "Fill in the 837P submitter and receiver (Admin, Billing settings) "
                                              "before exporting claims.")
    claims = _claims_to_submit(tx.session, claim_ids)
    payer_ids = {p.id: p.edi_payer_id for p in tx.session.scalars(
        select(Payer).where(Payer.id.in_({c.payer_id for c in claims})))}
    paper_only = [c.id for c in claims if not payer_ids.get(c.payer_id)]
    if paper_only:
        shown = ", ".join(str(i) for i in paper_only[:5])
        raise ConflictError(f"Claim {shown}: the payer has no electronic payer ID; print those claims instead, "
                            "or add the payer ID under Admin, Payers.")
    forms = [build_claim_form(tx.session, claim) for claim in claims]
    problems = x12_837p.own_checks(forms)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ConflictError("The 837P file was not written: " + "; ".join(problems[:3]) + more)
    batch = _new_batch(tx.session, "x12_837p", actor.user_id, claims, out)
    number = next_interchange_number(tx.session)
    batch.interchange_control_number = number
    batch.group_control_number = number
    _submit_all(tx, claims, "x12_837p", batch)
    submitter = x12_837p.Submitter(
        submitter_id=settings.submitter_id, submitter_name=settings.submitter_name,
        contact_name=settings.contact_name, contact_phone_digits=settings.contact_phone.removeprefix("+1"),
        receiver_id=settings.receiver_id, receiver_name=settings.receiver_name,
        usage_indicator=settings.usage_indicator or "T")
    x12_837p.write_837p(forms, submitter=submitter, control=x12_837p.ControlNumbers(number, number),
                        created_at=st.utc_now().astimezone(schedule_settings(tx.session).tz), out=out)
    tx.audit("claims.export_837p", entity_type="claim_batch", entity_id=batch.id,
             detail=f"{len(claims)} claims, interchange {number}")
    tx.changed("claims", "encounters")
    return BatchResult(batch.id, "x12_837p", tuple(c.id for c in claims), batch.total_cents, out,
                       interchange_control_number=number)


@operation(Permission.VIEW_BILLING)
def print_claim_copy(tx: Tx, claim_id: int, out_path: str, *, mode: str = "full",
                     offsets: cms1500.PrintOffsets | None = None) -> str:
    """A copy of one claim as a PDF (any status; nothing changes but the audit trail)."""
    out = check_out_path(out_path)
    _check_mode(mode)
    claim = tx.session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError("That claim no longer exists.")
    cms1500.render_claims([build_claim_form(tx.session, claim)], out, mode=mode, offsets=_offsets(offsets))
    tx.audit("claim.print_copy", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id,
             detail=f"{mode} mode")
    return out


@dataclass(frozen=True)
class CopiesResult:
    claims: int
    pages: int
    path: str


@operation(Permission.VIEW_BILLING)
def print_claim_copies(tx: Tx, out_path: str, *, status: str, mode: str = "full",
                       offsets: cms1500.PrintOffsets | None = None) -> CopiesResult:
    """Copies of every claim in ``status`` (oldest first) in one PDF; no status changes, one audit event."""
    out = check_out_path(out_path)
    _check_mode(mode)
    if status not in CLAIM_STATUS_LABELS:
        raise ValidationError("status", f"Unknown claim status {status!r}; use one of "
                                        f"{', '.join(CLAIM_STATUS_LABELS)}.")
    ids = list(tx.session.scalars(select(Claim.id).where(Claim.status == status).order_by(Claim.id)
                                  .limit(MAX_CLAIMS_PER_BATCH + 1)))
    if not ids:
        raise ConflictError(f"There are no {CLAIM_STATUS_LABELS[status].lower()} claims to print.")
    if len(ids) > MAX_CLAIMS_PER_BATCH:
        raise ValidationError("status", f"More than {MAX_CLAIMS_PER_BATCH:,} claims; print them in parts.")

    def forms() -> Iterator[ClaimForm]:
        for claim_id in ids:
            yield build_claim_form(tx.session, tx.session.get(Claim, claim_id))

    pages = cms1500.render_claims(forms(), out, mode=mode, offsets=_offsets(offsets))
    tx.audit("claims.print_copies", entity_type="claim", entity_id=f"{ids[0]}-{ids[-1]}",
             detail=f"{len(ids)} {status} claims, {mode} mode")
    return CopiesResult(len(ids), pages, out)


@operation(Permission.VIEW_BILLING, write=False)
def print_alignment_page(tx: Tx, out_path: str, *, offsets: cms1500.PrintOffsets | None = None,
                         mode: str = "data") -> str:
    """The alignment test page for a blank red form, with this workstation's offsets applied (no PHI)."""
    out = check_out_path(out_path)
    cms1500.render_alignment_page(out, offsets=_offsets(offsets), mode=_check_mode(mode))
    return out
