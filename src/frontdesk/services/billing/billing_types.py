"""What the billing services take and return: frozen dataclasses shared by services, reports, CLI and UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from frontdesk.codes.icd10cm import DiagnosisCode  # noqa: F401  the code set owns it; a public name here too

# Claim statuses in life-cycle order, with the words the screens show.
CLAIM_STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",  # has problems, or not yet checked
    "ready": "Ready",  # scrubbed clean; may be printed or exported
    "held": "Held",  # a secondary claim waiting for the primary's payment
    "submitted": "Submitted",  # printed or exported (with the date)
    "partly_paid": "Partly paid",
    "paid": "Paid",
    "denied": "Denied",
    "closed": "Closed",  # replaced by a corrected claim, voided, or written off
}
SUBMITTABLE = frozenset({"ready"})
SUBMITTED_OR_LATER = frozenset({"submitted", "partly_paid", "paid", "denied"})
FREQUENCY_LABELS = {"1": "Original", "7": "Replacement", "8": "Void"}


@dataclass(frozen=True)
class FeeItem:
    id: int
    code: str
    code_system: str  # cpt, hcpcs
    description: str
    fee_cents: int
    default_units: int
    allowed_modifiers: tuple[str, ...]  # empty = any modifier allowed
    active: bool


@dataclass(frozen=True)
class EncounterHeader:
    """The encounter's own fields (everything but diagnoses and lines); the input of create/update."""

    service_date: date
    rendering_provider_id: int
    place_of_service: str = "11"
    referring_qualifier: str = ""  # DN referring, DK ordering; blank = none
    referring_first_name: str = ""
    referring_last_name: str = ""
    referring_npi: str = ""
    prior_authorization: str = ""
    onset_date: date | None = None
    employment_related: bool = False
    auto_accident: bool = False
    auto_accident_state: str = ""
    other_accident: bool = False
    notes: str = ""


@dataclass(frozen=True)
class ServiceLineInput:
    """A service line as typed. ``charge`` None takes the fee schedule (payer fee first) times units."""

    code: str
    modifiers: tuple[str, ...] = ()
    pointers: str = "A"  # diagnosis letters, e.g. "AB"
    units: int | str = 1
    charge: str | None = None  # money text as typed ("125.00", "$1,250.00")
    place_of_service: str | None = None  # None = the encounter's
    from_date: date | None = None  # None = the date of service
    to_date: date | None = None
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: str = ""


@dataclass(frozen=True)
class DiagnosisInfo:
    position: int  # 1..12
    letter: str  # A..L
    code: str
    display_code: str
    description: str


@dataclass(frozen=True)
class ServiceLineInfo:
    id: int
    line_number: int
    from_date: date
    to_date: date
    place_of_service: str
    code: str
    description: str  # the fee schedule's description ("" for a code not in it)
    modifiers: tuple[str, ...]
    pointers: str
    units: int
    charge_cents: int
    ndc: str
    ndc_unit: str
    ndc_quantity: str


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims list."""

    id: int
    encounter_id: int
    patient_id: int
    patient_name: str  # "Last, First"
    account_number: str
    service_date: date
    payer_name: str
    payer_rank: int
    status: str  # a key of CLAIM_STATUS_LABELS
    total_cents: int
    frequency_code: str
    submitted_on: date | None
    problem_count: int  # as of the last scrub

    @property
    def status_label(self) -> str:
        return CLAIM_STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class EncounterDetail:
    id: int
    patient_id: int
    patient_name: str
    account_number: str
    appointment_id: int | None
    header: EncounterHeader
    status: str  # open, billed, void
    diagnoses: tuple[DiagnosisInfo, ...]
    lines: tuple[ServiceLineInfo, ...]
    claims: tuple[ClaimRow, ...]
    locked: bool  # True once a claim was submitted: lines change only through a corrected claim

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)


@dataclass(frozen=True)
class EncounterRow:
    id: int
    service_date: date
    patient_id: int
    patient_name: str
    provider_name: str
    line_count: int
    total_cents: int
    status: str
    claim_statuses: str  # e.g. "Primary: Submitted; Secondary: Held"


@dataclass(frozen=True)
class UnbilledVisit:
    """A checked-out appointment with no encounter yet (a visit without charges)."""

    appointment_id: int
    patient_id: int
    patient_name: str
    provider_id: int
    provider_name: str
    service_date: date
    type_name: str


@dataclass(frozen=True)
class ProblemTarget:
    """Where a claim problem is fixed: the record and its field, so the screen can open it in one click."""

    kind: str  # encounter, diagnosis, service_line, claim, patient, policy, payer, provider, practice, billing_settings
    id: int  # the record's id (0 for the single practice / billing settings row)
    field: str  # the record's field name, e.g. "pointers", "npi", "subscriber_dob"
    patient_id: int = 0  # whose record it is (patient, policy, encounter, line, diagnosis, claim); 0 for shared ones
    encounter_id: int = 0  # the encounter the field is on (encounter, diagnosis, service line); else 0


@dataclass(frozen=True)
class ClaimProblem:
    """One finding of the claim scrubber: a problem (keeps the claim from Ready) or a warning (never blocks)."""

    box: str  # the CMS-1500 box, e.g. "24E", "17b", "33a"
    message: str  # says what is wrong and why, in the desk's words
    target: ProblemTarget
    warning: bool = False  # said before print but does not block the claim (e.g. an address printed abbreviated)

    @property
    def kind(self) -> str:
        """"problem" or "warning"."""
        return "warning" if self.warning else "problem"

    @property
    def text(self) -> str:
        """The finding as every screen words it: a warning says so first, so it never relies on colour or icon."""
        return f"Warning, box {self.box}: {self.message}" if self.warning else f"Box {self.box}: {self.message}"


@dataclass(frozen=True)
class ClaimEventInfo:
    at: datetime
    username: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class ClaimDetail:
    row: ClaimRow
    policy_id: int
    payer_id: int
    replaces_claim_id: int | None
    original_reference: str
    prior_paid_cents: int
    findings: tuple[ClaimProblem, ...]  # the scrubber's one list: problems first, then warnings
    events: tuple[ClaimEventInfo, ...]

    @property
    def problems(self) -> tuple[ClaimProblem, ...]:
        """The findings that keep the claim from Ready."""
        return tuple(f for f in self.findings if not f.warning)

    @property
    def warnings(self) -> tuple[ClaimProblem, ...]:
        """The findings worth knowing before sending that do not keep the claim from Ready."""
        return tuple(f for f in self.findings if f.warning)


@dataclass(frozen=True)
class BatchResult:
    """A print run or an 837P file that was written and whose claims are now submitted."""

    batch_id: int
    kind: str  # paper, x12_837p
    claim_ids: tuple[int, ...]
    total_cents: int
    path: str
    pages: int = 0  # paper only
    interchange_control_number: int | None = None  # 837P only
