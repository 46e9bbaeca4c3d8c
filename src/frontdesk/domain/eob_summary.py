"""What an EOB summary shows: one payer's decision on one claim, line by line, as posted from its check.

It is the page a billing desk attaches to a paper secondary claim (the second payer wants the first
payer's paid amount and adjustments per line). Built by services/payments/eob_summaries.py from the
standing postings (entered by hand or imported from an 835 alike), drawn by reports/eob_summary_pdf.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class EobAdjustment:
    group: str
    reason: str
    amount: Decimal
    description: str  # "CO-45 Charge exceeds the fee schedule..."


@dataclass(frozen=True)
class EobSummaryLine:
    service_date: date
    code: str
    modifiers: str
    charge: Decimal
    allowed: Decimal
    paid: Decimal
    adjustments: tuple[EobAdjustment, ...]
    remark_codes: str
    denied_reason: str

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((a.amount for a in self.adjustments if a.group == "PR"), Decimal("0.00"))


@dataclass(frozen=True)
class EobSummary:
    practice_name: str
    practice_address: tuple[str, ...]
    practice_npi: str
    payer_name: str
    payment_kind: str  # check, eft
    payment_number: str
    paid_on: date  # the payer's check or EFT date (what a secondary claim reports as adjudicated)
    claim_id: int
    payer_claim_number: str
    claim_status: str  # as words: "paid", "partly paid", "denied"
    patient_name: str  # "Jane Doe"
    account_number: str
    member_id: str
    lines: tuple[EobSummaryLine, ...]
    printed_at: datetime

    @property
    def total_charge(self) -> Decimal:
        return sum((ln.charge for ln in self.lines), Decimal("0.00"))

    @property
    def total_paid(self) -> Decimal:
        return sum((ln.paid for ln in self.lines), Decimal("0.00"))

    @property
    def total_patient_responsibility(self) -> Decimal:
        return sum((ln.patient_responsibility for ln in self.lines), Decimal("0.00"))

    @property
    def total_adjusted(self) -> Decimal:
        """Every adjustment but the patient's (PR)."""
        return sum((a.amount for ln in self.lines for a in ln.adjustments if a.group != "PR"), Decimal("0.00"))
