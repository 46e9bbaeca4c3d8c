"""The frozen inputs and results of the electronic remittance (835) import: preview, post, unmatched queue.

A preview is what the desk checks before anything is written (services/payments/era_import.preview_era);
posting takes the same file again (or the preview, which carries it) and the fallback matches the desk
confirmed. Money is Decimal dollars, as everywhere in the payment results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from frontdesk.services.payments.payment_types import InsurancePaymentInfo

# How a remittance claim was matched to a claim here (EraClaimPreview.match).
MATCHED = "matched"  # by the patient control number the claim sent in CLM01
FALLBACK = "fallback"  # by patient + date of service + charge: posted only once the desk confirms it
UNMATCHED = "unmatched"  # nothing here: goes to the unmatched queue when the check is posted
MATCH_KINDS = (MATCHED, FALLBACK, UNMATCHED)


@dataclass(frozen=True)
class EraAdjustment:
    """One CAS adjustment as the payer sent it (negative on a reversal)."""

    group: str  # CO, PR, OA, PI, CR
    reason: str  # CARC
    amount: Decimal
    description: str  # "CO-45 Charge exceeds ..." (domain/carc.describe)


@dataclass(frozen=True)
class EraLinePreview:
    """One SVC line of a remittance claim and the charge here it pays (None when no line matched)."""

    procedure: str
    modifiers: tuple[str, ...]
    service_date: date | None
    charge: Decimal
    allowed: Decimal | None  # AMT*B6 if the payer sent it
    paid: Decimal
    adjustments: tuple[EraAdjustment, ...]
    remark_codes: tuple[str, ...]
    service_line_id: int | None
    problem: str = ""  # why this line cannot be posted ('' = fine)


@dataclass(frozen=True)
class EraClaimPreview:
    """One CLP loop: the payer's decision on a claim and the claim here it was matched to."""

    key: str  # stable within the file: "<check index>.<claim index>"; name it in confirmed_fallbacks
    patient_control_number: str  # CLP01
    status_code: str  # CLP02
    status_label: str  # "Processed as primary", "Denied", "Reversal of previous payment"...
    patient_name: str  # as the payer spelled it (NM1*QC), "LAST, FIRST"
    member_id: str
    payer_claim_number: str  # CLP07
    service_date: date | None
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal  # CLP05
    interest: Decimal  # AMT*I (inside paid)
    adjustments: tuple[EraAdjustment, ...]  # claim-level CAS
    remark_codes: tuple[str, ...]  # MOA
    match: str  # MATCHED, FALLBACK or UNMATCHED
    claim_id: int | None  # the claim here (also for a fallback match awaiting confirmation)
    claim_patient_name: str  # the claim's patient here, "Last, First" ('' when unmatched)
    is_reversal: bool  # CLP02 = 22: the earlier posting of this claim is reversed
    lines: tuple[EraLinePreview, ...]
    problem: str = ""  # why it cannot be posted as matched (it would go to the unmatched queue)


@dataclass(frozen=True)
class EraProviderAdjustmentPreview:
    """A PLB adjustment: on the check, never on a patient. Positive = taken off the payment."""

    reason: str  # L6, WO, FB...
    label: str  # "Interest owed", "Overpayment recovery", "Forwarding balance"
    reference: str
    amount: Decimal


@dataclass(frozen=True)
class EraCheckPreview:
    """One check or EFT (one transaction set of the file) with its claims and totals."""

    index: int
    payer_id: int | None  # the payer here (None: not found, the check cannot be posted)
    payer_name: str  # as the 835 names it
    method: str  # BPR04: CHK, ACH, FWT, BOP, NON
    kind: str  # check or eft (as the payer check will be recorded)
    trace_number: str  # TRN02: check or EFT trace number
    paid_on: date | None  # BPR16
    amount: Decimal  # BPR02
    claims: tuple[EraClaimPreview, ...]
    provider_adjustments: tuple[EraProviderAdjustmentPreview, ...]
    claims_paid: Decimal  # sum of CLP04
    provider_adjustments_total: Decimal  # sum of PLB amounts
    interest: Decimal  # PLB L6 (as added to the payment, positive) + claim AMT*I
    balances: bool  # BPR02 = sum(CLP04) - sum(PLB)
    imported_on: date | None  # set when this file's check or this trace number was already imported
    problems: tuple[str, ...]  # why this check cannot be posted (empty = it can)

    @property
    def matched(self) -> int:
        return sum(1 for c in self.claims if c.match == MATCHED and not c.problem)

    @property
    def fallback(self) -> int:
        return sum(1 for c in self.claims if c.match == FALLBACK and not c.problem)

    @property
    def unmatched(self) -> int:
        return sum(1 for c in self.claims if c.match == UNMATCHED or c.problem)

    @property
    def postable(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class EraPreview:
    """A whole 835 file read, validated and matched, nothing written. ``token`` is the file's SHA-256."""

    token: str
    file_name: str
    checks: tuple[EraCheckPreview, ...]
    data: bytes = field(repr=False, compare=False, default=b"")  # the file itself, so post_era can take the preview


@dataclass(frozen=True)
class EraPostResult:
    """One check of a file posted: the payer check it made and what happened to each claim."""

    import_id: int
    check_index: int
    payment: InsurancePaymentInfo  # closed when everything balanced, open while claims wait in the queue
    posted_claim_ids: tuple[int, ...]  # claims posted (matched and confirmed fallbacks)
    reversed_claim_ids: tuple[int, ...]  # claims whose earlier posting was reversed (CLP02 = 22)
    released_claim_ids: tuple[int, ...]  # held secondary claims made ready to bill
    unmatched_ids: tuple[int, ...]  # rows put in the unmatched queue
    provider_adjustments: Decimal  # sum of PLB on the check


@dataclass(frozen=True)
class UnmatchedEraClaim:
    """A remittance claim in the unmatched queue (or resolved from it)."""

    id: int
    import_id: int
    insurance_payment_id: int
    payer_id: int  # the payer of the check it came with: only that payer's claims can take it
    payer_name: str
    check_number: str
    imported_at: datetime
    patient_control_number: str
    status_code: str
    patient_name: str
    member_id: str
    payer_claim_number: str
    service_date: date | None
    charge: Decimal
    paid: Decimal
    why: str
    resolution: str  # '' open, 'posted', 'dismissed'
    resolved_claim_id: int | None
    resolution_note: str
