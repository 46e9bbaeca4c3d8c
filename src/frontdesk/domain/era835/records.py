"""The records of an 835 remittance: checks (BPR/TRN), their claims (CLP), service lines (SVC), adjustments
(CAS), remark codes (LQ) and provider-level adjustments (PLB). Amounts are integer cents as the payer sent
them (negative on a reversal); nothing here is matched to the practice's claims yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# CLP02 claim status codes (005010X221A1) and the desk's wording.
CLAIM_STATUS: dict[str, str] = {
    "1": "Processed as primary",
    "2": "Processed as secondary",
    "3": "Processed as tertiary",
    "4": "Denied",
    "19": "Processed as primary, forwarded to another payer",
    "20": "Processed as secondary, forwarded to another payer",
    "21": "Processed as tertiary, forwarded to another payer",
    "22": "Reversal of previous payment",
    "23": "Not our claim, forwarded to another payer",
    "25": "Predetermination pricing only, no payment",
}
REVERSAL_STATUS = "22"
DENIED_STATUS = "4"
# PLB03-1 reasons the desk sees most (the others are shown by code).
PLB_REASONS: dict[str, str] = {
    "L6": "Interest owed",
    "FB": "Forwarding balance",
    "WO": "Overpayment recovery",
    "72": "Authorized return",
    "CS": "Adjustment",
    "J1": "Nonreimbursable",
    "AP": "Acceleration of benefits",
    "B2": "Rebate",
    "IR": "Internal Revenue Service withholding",
    "LE": "Levy",
}
INTEREST_REASON = "L6"


@dataclass(frozen=True)
class Adjustment:
    """One CAS triplet: group (CO, PR, OA, PI, CR), CARC reason and amount in cents."""

    group: str
    reason: str
    cents: int


@dataclass(frozen=True)
class RemitLine:
    """One SVC loop (2110): the procedure as adjudicated and what the payer decided about it."""

    procedure: str  # SVC01-2 (HCPCS/CPT)
    modifiers: tuple[str, ...]  # SVC01-3..6
    charge_cents: int  # SVC02
    paid_cents: int  # SVC03
    units: str  # SVC05 ('' = 1)
    service_date: date | None  # DTM*472 (or 150, the period's start)
    allowed_cents: int | None  # AMT*B6 when the payer sends it
    adjustments: tuple[Adjustment, ...]
    remark_codes: tuple[str, ...]  # LQ*HE
    control_number: str  # REF*6R: the line item control number the claim sent, if any
    segment_line: int  # where SVC is in the file (for messages)


@dataclass(frozen=True)
class RemitClaim:
    """One CLP loop (2100): a claim's payment (or denial, or reversal) and its lines."""

    control_number: str  # CLP01: the patient control number the claim sent in CLM01
    status: str  # CLP02
    charge_cents: int  # CLP03
    paid_cents: int  # CLP04
    patient_cents: int  # CLP05 (0 when absent)
    payer_claim_number: str  # CLP07
    patient_last: str  # NM1*QC
    patient_first: str
    member_id: str
    service_date: date | None  # DTM*232, or the first line's date
    adjustments: tuple[Adjustment, ...]  # claim-level CAS
    remark_codes: tuple[str, ...]  # MOA remark codes
    interest_cents: int  # AMT*I (claim interest, already inside CLP04)
    lines: tuple[RemitLine, ...]
    segment_line: int

    @property
    def is_reversal(self) -> bool:
        return self.status == REVERSAL_STATUS

    @property
    def status_label(self) -> str:
        return CLAIM_STATUS.get(self.status, f"Status {self.status}")


@dataclass(frozen=True)
class ProviderAdjustment:
    """One PLB adjustment (reason, reference, amount); a positive amount is taken off the payment."""

    reason: str
    reference: str
    cents: int

    @property
    def label(self) -> str:
        return PLB_REASONS.get(self.reason, f"Adjustment {self.reason}")


@dataclass(frozen=True)
class RemitCheck:
    """One transaction set (ST..SE): one check or EFT (BPR/TRN) and the claims it pays."""

    index: int  # 0, 1, ... in the file
    handling: str  # BPR01: I remittance with payment, H notification only
    paid_cents: int  # BPR02
    method: str  # BPR04: CHK, ACH, FWT, BOP, NON
    paid_on: date | None  # BPR16
    trace_number: str  # TRN02: the check or EFT trace number
    originator: str  # TRN03: the payer's company id
    payer_name: str  # N1*PR
    payer_identifier: str  # N1*PR*..*XV/PI id, else REF*2U
    payee_name: str
    payee_npi: str
    claims: tuple[RemitClaim, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...]

    @property
    def claims_cents(self) -> int:
        return sum(c.paid_cents for c in self.claims)

    @property
    def provider_adjustment_cents(self) -> int:
        return sum(p.cents for p in self.provider_adjustments)

    @property
    def balances(self) -> bool:
        """BPR02 = sum of CLP04 - sum of PLB amounts."""
        return self.paid_cents == self.claims_cents - self.provider_adjustment_cents

    @property
    def kind(self) -> str:
        """The payer check's kind as the desk records it: a paper check, or an EFT for every other method."""
        return "check" if self.method == "CHK" else "eft"


@dataclass(frozen=True)
class Remittance:
    """A whole 835 file: its checks in file order."""

    checks: tuple[RemitCheck, ...]


def claim_to_json(claim: RemitClaim) -> str:
    """A remittance claim as JSON text, kept with an unmatched claim until it is posted by hand."""
    import dataclasses
    import json

    return json.dumps(dataclasses.asdict(claim), default=lambda d: d.isoformat(), separators=(",", ":"))


def claim_from_json(text: str) -> RemitClaim:
    """The remittance claim ``claim_to_json`` wrote."""
    import json

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    raw = json.loads(text)
    lines = tuple(RemitLine(**{**ln, "modifiers": tuple(ln["modifiers"]), "service_date": day(ln["service_date"]),
                               "adjustments": tuple(Adjustment(**a) for a in ln["adjustments"]),
                               "remark_codes": tuple(ln["remark_codes"])}) for ln in raw["lines"])
    return RemitClaim(**{**raw, "service_date": day(raw["service_date"]), "lines": lines,
                         "adjustments": tuple(Adjustment(**a) for a in raw["adjustments"]),
                         "remark_codes": tuple(raw["remark_codes"])})
