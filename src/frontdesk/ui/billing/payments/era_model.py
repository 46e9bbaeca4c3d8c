"""What the ERA (835) screens show, in words: the columns of the checks, claims and unmatched-queue tables.

Every state is written out ("Balances", "Does not balance", "Matched by patient, date and charge: tick to
post", "To the unmatched queue") so nothing is told by colour alone; the colour only repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtGui import QColor

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.schedule_time import PracticeClock, local_date
from frontdesk.services.payments.era_types import (
    FALLBACK,
    MATCHED,
    EraCheckPreview,
    EraClaimPreview,
    EraPostResult,
    EraPreview,
    UnmatchedEraClaim,
)
from frontdesk.ui.widgets.models import MUTED_COLOUR, WARNING_COLOUR, Column, RecordTableModel

METHODS = {"CHK": "Check", "ACH": "EFT (ACH)", "FWT": "Wire transfer", "BOP": "Financial institution option",
           "NON": "No payment"}


@dataclass(frozen=True)
class CheckRow:
    """One check of one file as the preview dialog lists it (a file may hold several)."""

    preview: EraPreview
    check: EraCheckPreview

    @property
    def key(self) -> tuple[str, int]:
        return (self.preview.token, self.check.index)


def method_text(check: EraCheckPreview) -> str:
    """'Check', 'EFT (ACH)'... from BPR04."""
    return METHODS.get(check.method, check.method or check.kind)


def balance_text(check: EraCheckPreview) -> str:
    """Whether BPR02 = claims paid - PLB, in words (the figures are below the list, era_dialog.totals_text)."""
    return "Balances" if check.balances else "Does not balance"


def check_state(check: EraCheckPreview) -> str:
    """'Ready to post', 'Already imported on 11/20/2026', 'Cannot be posted: ...'."""
    if check.imported_on is not None:
        return f"Already imported on {format_date(check.imported_on)}"
    if check.problems:
        return "Cannot be posted"
    return "Ready to post"


def claim_counts(check: EraCheckPreview) -> str:
    """'2 matched, 1 to confirm, 1 unmatched'."""
    return f"{check.matched} matched, {check.fallback} to confirm, {check.unmatched} unmatched"


def match_text(claim: EraClaimPreview) -> str:
    """How the remittance claim was matched to a claim here, and what posting does with it."""
    if claim.problem:
        return "Unmatched: to the queue"
    if claim.match == MATCHED:
        return "Matched"
    if claim.match == FALLBACK:
        return "By patient, date and charge: confirm"
    return "Unmatched: to the queue"


def _check_colour(row: CheckRow) -> QColor | None:
    return WARNING_COLOUR if row.check.problems else None


def _claim_colour(claim: EraClaimPreview) -> QColor | None:
    if claim.problem or claim.match not in (MATCHED, FALLBACK):
        return WARNING_COLOUR
    return MUTED_COLOUR if claim.match == FALLBACK else None


CHECK_COLUMNS: list[Column[CheckRow]] = [
    Column("File", lambda r: r.preview.file_name),
    Column("Payer", lambda r: r.check.payer_name),
    Column("Check / EFT no.", lambda r: r.check.trace_number),
    Column("Method", lambda r: method_text(r.check)),
    Column("Date", lambda r: format_date(r.check.paid_on) if r.check.paid_on else "",
           lambda r: r.check.paid_on.toordinal() if r.check.paid_on else 0),
    Column("Amount", lambda r: format_money(r.check.amount), lambda r: r.check.amount),
    Column("Claims", lambda r: claim_counts(r.check)),
    Column("Totals", lambda r: balance_text(r.check), colour=lambda r: None if r.check.balances else WARNING_COLOUR),
    Column("State", lambda r: check_state(r.check), colour=_check_colour),
]

CLAIM_COLUMNS: list[Column[EraClaimPreview]] = [
    Column("Match", match_text, colour=_claim_colour),
    Column("Claim here", lambda c: f"#{c.claim_id} {c.claim_patient_name}" if c.claim_id else "",
           lambda c: c.claim_id or 0),
    Column("Patient (payer)", lambda c: c.patient_name),
    Column("Payer's claim no.", lambda c: c.payer_claim_number),
    Column("Service date", lambda c: format_date(c.service_date) if c.service_date else "",
           lambda c: c.service_date.toordinal() if c.service_date else 0),
    Column("Status", lambda c: c.status_label),
    Column("Charge", lambda c: format_money(c.charge), lambda c: c.charge),
    Column("Paid", lambda c: format_money(c.paid), lambda c: c.paid),
    Column("Patient owes", lambda c: format_money(c.patient_responsibility), lambda c: c.patient_responsibility),
    Column("Why not posted", lambda c: c.problem, colour=lambda c: WARNING_COLOUR if c.problem else None),
]

def unmatched_columns(clock: PracticeClock) -> list[Column[UnmatchedEraClaim]]:
    """The unmatched queue's columns; the import day on the practice's clock (read when shown)."""
    return [
        Column("Imported", lambda u: format_date(local_date(u.imported_at, clock.tz)),
               lambda u: (u.imported_at.timestamp(), u.id)),
        Column("Payment", lambda u: f"{u.payer_name} {u.check_number}"),
        Column("Patient (payer)", lambda u: u.patient_name),
        Column("Member ID", lambda u: u.member_id),
        Column("Service date", lambda u: format_date(u.service_date) if u.service_date else "",
               lambda u: u.service_date.toordinal() if u.service_date else 0),
        Column("Charge", lambda u: format_money(u.charge), lambda u: u.charge),
        Column("Paid", lambda u: format_money(u.paid), lambda u: u.paid),
        Column("Payer's claim no.", lambda u: u.payer_claim_number),
        Column("Why", lambda u: u.why),
    ]


def checks_model(parent: object = None) -> RecordTableModel[CheckRow]:
    """The checks of the files being imported."""
    return RecordTableModel(CHECK_COLUMNS, parent)


def era_claims_model(parent: object = None) -> RecordTableModel[EraClaimPreview]:
    """The remittance claims of one check."""
    return RecordTableModel(CLAIM_COLUMNS, parent)


def unmatched_model(clock: PracticeClock, parent: object = None) -> RecordTableModel[UnmatchedEraClaim]:
    """The unmatched remittance queue."""
    return RecordTableModel(unmatched_columns(clock), parent)


def posted_summary(results: list[EraPostResult]) -> str:
    """The status-bar line after posting: 'ERA posted: 1 check, $302.50; 2 claims posted, 1 to the unmatched
    queue; 1 secondary claim ready to bill.'"""
    total = sum((r.payment.total for r in results), Decimal(0))
    posted = sum(len(r.posted_claim_ids) for r in results)
    reversed_ = sum(len(r.reversed_claim_ids) for r in results)
    queued = sum(len(r.unmatched_ids) for r in results)
    released = sum(len(r.released_claim_ids) for r in results)
    parts = [f"{_n(posted, 'claim')} posted"]
    if reversed_:
        parts.append(f"{_n(reversed_, 'claim')} reversed")
    if queued:
        parts.append(f"{queued} to the unmatched queue")
    text = f"ERA posted: {_n(len(results), 'check')}, {format_money(total)}; {', '.join(parts)}"
    if released:
        text += f"; {_n(released, 'secondary claim')} ready to bill"
    return text + "."


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
