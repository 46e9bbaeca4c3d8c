"""What the payment, insurance-posting and ledger services take and return (frozen; money as Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

PAYMENT_METHODS = {"cash": "Cash", "check": "Check", "card": "Card"}
PAYMENT_KINDS = {"payment": "Payment", "refund": "Refund", "reversal": "Reversal"}
INSURANCE_PAYMENT_KINDS = {"check": "Check", "eft": "EFT"}
# Ledger entry kinds, in the order entries of one day are listed.
LEDGER_KINDS = ("charge", "insurance payment", "adjustment", "payment", "refund", "reversal", "statement")


@dataclass(frozen=True)
class Application:
    """Part of a payment applied to one charge (negative on a reversal)."""

    service_line_id: int
    service_date: date
    code: str
    amount: Decimal


@dataclass(frozen=True)
class PaymentInfo:
    id: int
    patient_id: int
    kind: str  # payment, refund, reversal
    method: str  # cash, check, card
    amount: Decimal  # money received: > 0 payment, < 0 refund, reversal = minus what it reverses
    received_on: date
    check_number: str
    card_last4: str
    card_auth_code: str
    appointment_id: int | None
    note: str
    reverses_id: int | None
    reason: str
    reversed_by_id: int | None  # the reversal of this entry, if any
    applications: tuple[Application, ...]
    unapplied: Decimal  # what is left of this entry as credit (0 for refunds and reversed entries)
    created_at: datetime
    created_by: str  # username

    @property
    def method_text(self) -> str:
        """'Check #1042', 'Card ending 4242', 'Cash' (never more of a card than the last 4)."""
        if self.method == "check" and self.check_number:
            return f"Check #{self.check_number}"
        if self.method == "card" and self.card_last4:
            return f"Card ending {self.card_last4}"
        return PAYMENT_METHODS.get(self.method, self.method)


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

    @property
    def remaining(self) -> Decimal:
        return self.total - self.posted


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
class LedgerEntry:
    on: date
    kind: str  # one of LEDGER_KINDS
    description: str
    provider: str  # rendering provider of the charge ("" for unapplied payments)
    amount: Decimal  # + raises the balance (charges, refunds, reversed payments), - lowers it
    balance: Decimal  # running balance after this entry
    insurance_portion: Decimal | None  # charges only: what of this charge still awaits a payer today
    patient_portion: Decimal | None  # charges only: what of this charge the patient owes today
    patient_id: int
    service_line_id: int | None
    ref: str  # stable id of the source row, e.g. "sl:12", "pay:5", "ins:7", "adj:3"
    patient: str  # whose entry it is, "First Last" (a family ledger holds several patients)


@dataclass(frozen=True)
class Ledger:
    """Entries in date order with a running balance; see services/payments/ledger.py for the balance model."""

    patient_ids: tuple[int, ...]
    since: date | None
    until: date | None
    provider_id: int | None
    entries: tuple[LedgerEntry, ...]
    opening_balance: Decimal  # balance before ``since`` (0 without it)
    closing_balance: Decimal  # balance after the last entry shown (at ``until``)
    charges: Decimal  # totals of the entries shown, each as a positive figure
    payments: Decimal  # patient payments net of reversals of payments
    insurance_payments: Decimal
    adjustments: Decimal
    refunds: Decimal  # refunds net of reversals of refunds
    balance: Decimal  # today's balance (all dates): insurance_portion + patient_portion
    insurance_portion: Decimal
    patient_portion: Decimal
    credit: Decimal  # unapplied patient money (already inside patient_portion); 0 with a provider filter


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
class ReceiptLine:
    service_date: date
    code: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ReceiptData:
    practice_name: str
    practice_address: tuple[str, ...]
    practice_phone: str
    patient_name: str
    account_number: str
    payment: PaymentInfo
    applied: tuple[ReceiptLine, ...]
    balance_after: Decimal  # the patient's balance now (negative = credit on account)
    received_by: str  # the user's full name
    printed_at: datetime
    visit_date: date | None = None  # the visit a copay was taken at (check-in), in the practice's time zone
    awaiting_visit_charges: Decimal = Decimal("0.00")  # of this payment, held for that visit until it is charged


@dataclass(frozen=True)
class FamilyAccount:
    """The guarantor whose family ledger covers a patient: the patient's guarantor, or the patient when they
    answer for others. ``guarantor_id`` None: nobody else shares the account."""

    guarantor_id: int | None
    name: str  # "John Smith"
    member_count: int  # patients on the family ledger


@dataclass(frozen=True)
class LedgerHeader:
    """Who and what a printed ledger is about."""

    practice_name: str
    practice_lines: tuple[str, ...]
    who: str  # "Patient: Mary Smith (account A0001)" or "Guarantor: John Smith"
    members: tuple[str, ...]  # a guarantor's patients, "Last, First (account)"
    provider: str  # the provider filter, "" for all
    printed_on: date
