"""What the payment, insurance-posting and ledger services take and return (frozen; money as Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from frontdesk.domain.payment_records import (  # noqa: F401  the records the writers read; public names of this area too
    PAYMENT_METHODS, Application, Ledger, LedgerEntry, LedgerHeader, PaymentInfo, ReceiptData, ReceiptLine,
)

PAYMENT_KINDS = {"payment": "Payment", "refund": "Refund", "reversal": "Reversal"}
INSURANCE_PAYMENT_KINDS = {"check": "Check", "eft": "EFT"}
# Ledger entry kinds, in the order entries of one day are listed.
LEDGER_KINDS = ("charge", "insurance payment", "adjustment", "payment", "refund", "reversal", "statement")


@dataclass(frozen=True)
class LinePostingInput:
    """One EOB service line as typed: money as text, adjustments as (group, reason, amount) triples."""

    service_line_id: int
    allowed: str
    paid: str
    adjustments: tuple[tuple[str, str, str], ...] = ()
    remark_codes: tuple[str, ...] = ()
    denied_reason: str = ""


@dataclass(frozen=True)
class ClaimPostingInput:
    """One claim of an EOB: its lines and, when the EOB shows it, the payer's claim number."""

    claim_id: int
    lines: tuple[LinePostingInput, ...]
    payer_claim_number: str = ""


@dataclass(frozen=True)
class InsurancePaymentInfo:
    id: int
    payer_id: int
    payer_name: str
    kind: str  # check, eft
    number: str
    paid_on: date
    total: Decimal
    posted: Decimal  # sum of the paid amounts posted so far (reversals taken off)
    status: str  # open, closed, void
    claim_ids: tuple[int, ...]  # claims it was posted to, in order
    void_reason: str = ""
    # 835 claims on the check that nothing here matched and the desk dismissed (not ours...): their paid amount
    # stays on the check unapplied, with the reasons, and counts toward closing it (_payer_checks.unapplied_cents).
    unapplied: Decimal = Decimal(0)
    unapplied_reasons: tuple[str, ...] = ()

    @property
    def remaining(self) -> Decimal:
        return self.total - self.posted - self.unapplied


@dataclass(frozen=True)
class PostedClaim:
    """What one payer check says about one claim: its standing postings, or that they were reversed."""

    claim_id: int
    patient_name: str  # "Last, First"
    account_number: str
    first_service: date | None
    lines: int  # standing line postings
    paid: Decimal
    adjusted: Decimal  # every adjustment group, PR included
    claim_status: str
    reversed: bool  # every posting of this claim on the check was reversed


@dataclass(frozen=True)
class ClaimPostingResult:
    claim_id: int
    status: str  # the claim's status after the posting
    lines_posted: int
    paid: Decimal
    written_off: Decimal  # adjustments that leave the balance (every group but PR, and OA/CO-23)
    patient_responsibility: Decimal  # PR amounts
    released_claim_ids: tuple[int, ...]  # held secondaries made ready to bill
    payment: InsurancePaymentInfo


@dataclass(frozen=True)
class ClaimLineOpen:
    """A claim line as the EOB posting screen needs it: what was billed and what is still open on it."""

    service_line_id: int
    line_number: int
    service_date: date
    code: str
    charge: Decimal
    posted_on_claim: Decimal  # paid + every adjustment already posted on this claim's line
    open_for_insurance: Decimal  # charge - insurance paid - written off (all payers)


@dataclass(frozen=True)
class PatientBalance:
    """One patient's balance as the patient header shows it: owed now (negative = credit) and awaiting insurance."""

    patient_id: int
    owes: Decimal  # the patient portion today, unapplied credit taken off (same figure as the ledger's)
    awaiting_insurance: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.owes + self.awaiting_insurance


@dataclass(frozen=True)
class FamilyAccount:
    """The guarantor whose family ledger covers a patient: the patient's guarantor, or the patient when they
    answer for others. ``guarantor_id`` None: nobody else shares the account."""

    guarantor_id: int | None
    name: str  # "John Smith"
    member_count: int  # patients on the family ledger

