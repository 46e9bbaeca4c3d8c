"""Posting one 835 check inside the caller's transaction: the payer check, its PLB adjustments, reversals,
then every matched claim through the same bulk EOB posting manual entry uses (post_many), the claims nothing
matched into the unmatched queue, and the check closed when it balances. Any refusal rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from frontdesk.domain.era835.records import INTEREST_REASON, RemitCheck, RemitClaim, claim_to_json
from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.errors import ConflictError, PermissionDenied
from frontdesk.models import EraImport, EraUnmatchedClaim, InsurancePayment, Payer, PayerCheckAdjustment
from frontdesk.services._base import Tx
from frontdesk.services.payments._eob_posting import post_many
from frontdesk.services.payments._era_match import ClaimMatch
from frontdesk.services.payments._era_preview import already_imported, earlier_import
from frontdesk.services.payments._payer_checks import balances, close_payer_check, new_payer_check
from frontdesk.services.payments._posting_reversal import reverse_postings
from frontdesk.services.payments.era_types import FALLBACK

NOT_CONFIRMED = "Matched by patient, date of service and charge only, and not confirmed."


@dataclass(frozen=True)
class CheckPosted:
    import_id: int
    payment: InsurancePayment
    posted: tuple[int, ...]
    reversed: tuple[int, ...]
    released: tuple[int, ...]
    unmatched: tuple[int, ...]


def postable(m: ClaimMatch, confirmed: Collection[str]) -> bool:
    """Posted now: matched without a problem, and a fallback match only once the desk confirmed it."""
    return m.claim is not None and not m.problem and (m.match != FALLBACK or m.key in confirmed)


def apply_claims(tx: Tx, ip: InsurancePayment, matches: Sequence[ClaimMatch], *, import_id: int, user_id: int,
                 reason: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Reversals first (they free the lines a correction in the same check pays), then the postings.

    Returns (claims posted, claims reversed, held secondaries released).
    """
    # A claim's interest (AMT*I, inside CLP04 but on no line) is the practice's, never the patient's: it stays on
    # the check as an interest adjustment, signed like PLB (added to the payment = negative).
    tx.session.add_all([PayerCheckAdjustment(insurance_payment_id=ip.id, era_import_id=import_id,
                                             reason_code=INTEREST_REASON, amount_cents=-m.remit.interest_cents,
                                             reference=f"claim interest {m.remit.control_number}"[:50],
                                             created_by=user_id)
                        for m in matches if m.remit.interest_cents])
    reversals = [p for m in matches if m.reverse for p in m.reverse]
    if reversals:
        actor = tx.actor
        if actor is None or not role_allows(actor.role, Permission.REVERSE_PAYMENTS):
            raise PermissionDenied("This remittance reverses an earlier payment; your role does not allow "
                                   "reversals. Ask someone who may reverse payments to import it.")
        reverse_postings(tx, ip, reversals, reason=reason, user_id=user_id)
    items = [m.posting for m in matches if m.posting is not None and not m.reverse]
    results = post_many(tx, ip, items, user_id=user_id, prefixed=True) if items else []
    released = tuple(i for r in results for i in r.released_claim_ids)
    return (tuple(r.claim_id for r in results), tuple(dict.fromkeys(p.claim_id for p in reversals)), released)


def close_if_balanced(tx: Tx, ip: InsurancePayment) -> None:
    """Close an open check once everything on it is posted, or posted and dismissed (left unapplied)."""
    accounted = balances(tx, ip) if ip.status == "open" else None
    if accounted is not None:
        close_payer_check(tx, ip, *accounted)


def _queue(tx: Tx, row: EraImport, remit: RemitClaim, why: str) -> EraUnmatchedClaim:
    name = ", ".join(p for p in (remit.patient_last, remit.patient_first) if p)
    return EraUnmatchedClaim(era_import_id=row.id, insurance_payment_id=row.insurance_payment_id,
                             patient_control_number=remit.control_number[:38], status_code=remit.status[:2],
                             patient_name=name[:120], member_id=remit.member_id[:80],
                             payer_claim_number=remit.payer_claim_number[:50], service_date=remit.service_date,
                             charge_cents=remit.charge_cents, paid_cents=remit.paid_cents, why=why[:200],
                             claim_json=claim_to_json(remit))


def _record_import(tx: Tx, row: EraImport, check: RemitCheck, payer: Payer) -> None:
    """Write the import row; its unique indexes (file + check, payer + trace) refuse a second import of the same
    check that began before the first one committed: the same refusal, with the date, as when it is seen first."""
    try:
        with tx.session.begin_nested():  # a savepoint, so the earlier import can still be read for the message
            tx.session.add(row)
            tx.session.flush()
    except IntegrityError as exc:
        earlier = earlier_import(tx.session, row.file_sha256, check, payer)
        if earlier is None:
            raise
        raise ConflictError(already_imported(tx.session, earlier), field="file") from exc


def post_check(tx: Tx, check: RemitCheck, payer: Payer, matches: Sequence[ClaimMatch], *, token: str,
               file_name: str, confirmed: Collection[str], user_id: int,
               progress: Callable[[int], None] | None = None) -> CheckPosted:
    """Write the whole check; the caller has refused duplicates, unbalanced checks and unknown payers.

    ``progress(claims written)`` after the postings (one bulk step) and after the unmatched queue."""
    ip = new_payer_check(tx, payer, kind=check.kind, number=check.trace_number, paid_on=check.paid_on,
                         total=str(from_cents(check.paid_cents)), user_id=user_id)
    now = [m for m in matches if postable(m, confirmed)]
    later = [m for m in matches if not postable(m, confirmed)]
    row = EraImport(payer_id=payer.id, insurance_payment_id=ip.id, file_sha256=token, file_name=file_name[:200],
                    check_index=check.index, trace_number=check.trace_number[:50], originator=check.originator[:10],
                    paid_cents=check.paid_cents, claim_count=len(matches), unmatched_count=len(later),
                    imported_by=user_id)
    _record_import(tx, row, check, payer)
    tx.session.add_all([PayerCheckAdjustment(insurance_payment_id=ip.id, era_import_id=row.id, reason_code=p.reason[:2],
                                             reference=p.reference[:50], amount_cents=p.cents, created_by=user_id)
                        for p in check.provider_adjustments])
    tx.session.flush()
    posted, reversed_, released = apply_claims(tx, ip, now, import_id=row.id, user_id=user_id,
                                               reason=f"Reversed by the payer's 835 (trace {check.trace_number})")
    if progress is not None:
        progress(len(now))
    queued = [_queue(tx, row, m.remit, m.problem or (NOT_CONFIRMED if m.match == FALLBACK else
                                                     "Its patient control number matches no claim here."))
              for m in later]
    tx.session.add_all(queued)
    tx.session.flush()
    if progress is not None:
        progress(len(matches))
    close_if_balanced(tx, ip)
    tx.audit("era.import", entity_type="era_import", entity_id=row.id,
             detail=f"835 check {check.index} (payment {ip.id}, ${from_cents(check.paid_cents)}): "
                    f"{len(posted)} claim(s) posted, {len(reversed_)} reversed, {len(queued)} unmatched, "
                    f"PLB ${from_cents(check.provider_adjustment_cents)}")
    return CheckPosted(row.id, ip, posted, reversed_, released, tuple(q.id for q in queued))
