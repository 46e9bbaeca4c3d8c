"""Query helpers turning encounters and claims into the frozen dataclasses screens show (no commit)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.codes.icd10cm import lookup
from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS
from frontdesk.errors import NotFoundError
from frontdesk.models import (
    Claim,
    Encounter,
    EncounterDiagnosis,
    FeeScheduleItem,
    Patient,
    Provider,
    ServiceLine,
)
from frontdesk.services.billing.claim_rows import claim_rows_by_id, patient_name
from frontdesk.services.billing.claim_states import encounter_locked
from frontdesk.services.billing._encounter_fields import header_of
from frontdesk.domain.names import provider_display_name
from frontdesk.services.billing.billing_types import (
    CLAIM_STATUS_LABELS,
    DiagnosisInfo,
    EncounterDetail,
    EncounterRow,
    ServiceLineInfo,
)

RANK_WORDS = {1: "Primary", 2: "Secondary", 3: "Tertiary"}


def load_encounter(session: Session, encounter_id: object) -> Encounter:
    """The encounter, or NotFoundError."""
    if isinstance(encounter_id, bool) or not isinstance(encounter_id, int):
        raise NotFoundError("That encounter does not exist.")
    enc = session.get(Encounter, encounter_id)
    if enc is None:
        raise NotFoundError("That encounter no longer exists.")
    return enc


def load_claim(session: Session, claim_id: object) -> Claim:
    """The claim, or NotFoundError."""
    if isinstance(claim_id, bool) or not isinstance(claim_id, int):
        raise NotFoundError("That claim does not exist.")
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError("That claim no longer exists.")
    return claim


def encounter_claims(session: Session, encounter_id: int) -> list[Claim]:
    """Every claim of the encounter (closed ones too), oldest first."""
    return list(session.scalars(select(Claim).where(Claim.encounter_id == encounter_id).order_by(Claim.id)))


def encounter_detail(session: Session, enc: Encounter) -> EncounterDetail:
    """The encounter with its diagnoses, lines (with fee-schedule descriptions) and claims."""
    patient = session.get(Patient, enc.patient_id)
    assert patient is not None
    diagnoses = []
    for row in session.scalars(select(EncounterDiagnosis).where(EncounterDiagnosis.encounter_id == enc.id)
                               .order_by(EncounterDiagnosis.position)):
        found = lookup(row.code)
        diagnoses.append(DiagnosisInfo(row.position, DIAGNOSIS_LETTERS[row.position - 1], row.code,
                                       found.display_code if found else row.code,
                                       found.description if found else "(not in the bundled code set)"))
    lines = tuple(
        ServiceLineInfo(sl.id, sl.line_number, sl.from_date, sl.to_date, sl.place_of_service, sl.code, desc or "",
                        tuple(sl.modifiers.split()), sl.pointers, sl.units, sl.charge_cents, sl.ndc, sl.ndc_unit,
                        sl.ndc_quantity)
        for sl, desc in session.execute(
            select(ServiceLine, FeeScheduleItem.description)
            .outerjoin(FeeScheduleItem, FeeScheduleItem.code == ServiceLine.code)
            .where(ServiceLine.encounter_id == enc.id).order_by(ServiceLine.line_number)))
    claims = encounter_claims(session, enc.id)
    rows = claim_rows_by_id(session, [c.id for c in claims])
    return EncounterDetail(
        id=enc.id, patient_id=enc.patient_id, patient_name=patient_name(patient.last_name, patient.first_name),
        account_number=patient.account_number, appointment_id=enc.appointment_id, header=header_of(enc),
        status=enc.status, diagnoses=tuple(diagnoses), lines=lines, claims=tuple(rows),
        locked=encounter_locked(claims))


def encounter_rows(session: Session, *, patient_id: int | None, status: str | None, limit: int) -> list[EncounterRow]:
    """Newest encounters first, with line counts, totals and a summary of their claims (three queries)."""
    totals = (select(ServiceLine.encounter_id.label("eid"), func.count(ServiceLine.id).label("n"),
                     func.coalesce(func.sum(ServiceLine.charge_cents), 0).label("total"))
              .group_by(ServiceLine.encounter_id).subquery())
    stmt = (select(Encounter.id, Encounter.service_date, Encounter.patient_id, Patient.last_name, Patient.first_name,
                   Provider.first_name, Provider.last_name, Provider.credential,
                   func.coalesce(totals.c.n, 0), func.coalesce(totals.c.total, 0), Encounter.status)
            .join(Patient, Patient.id == Encounter.patient_id)
            .join(Provider, Provider.id == Encounter.rendering_provider_id)
            .outerjoin(totals, totals.c.eid == Encounter.id))
    if patient_id is not None:
        stmt = stmt.where(Encounter.patient_id == patient_id)
    if status is not None:
        stmt = stmt.where(Encounter.status == status)
    stmt = stmt.order_by(Encounter.service_date.desc(), Encounter.id.desc()).limit(max(1, min(limit, 5000)))
    found = session.execute(stmt).all()
    summary: dict[int, list[str]] = {}
    if found:
        for eid, rank, st in session.execute(
                select(Claim.encounter_id, Claim.payer_rank, Claim.status)
                .where(Claim.encounter_id.in_([r[0] for r in found]), Claim.status != "closed")
                .order_by(Claim.encounter_id, Claim.payer_rank, Claim.id)):
            summary.setdefault(eid, []).append(f"{RANK_WORDS.get(rank, rank)}: {CLAIM_STATUS_LABELS.get(st, st)}")
    return [EncounterRow(r[0], r[1], r[2], patient_name(r[3], r[4]), provider_display_name(r[5], r[6], r[7]),
                         int(r[8]), int(r[9]), r[10], "; ".join(summary.get(r[0], [])))
            for r in found]
