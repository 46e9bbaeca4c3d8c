"""Claims from the database: snapshots of an encounter's lines, and the ClaimForm the writers read."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.domain.claim_form import (
    Address,
    ClaimForm,
    ClaimFormLine,
    ClaimPerson,
    ClaimProviderRef,
    OtherCoverage,
    PersonName,
)
from frontdesk.domain.claim_numbers import control_number
from frontdesk.errors import NotFoundError
from frontdesk.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    Encounter,
    EncounterDiagnosis,
    InsurancePolicy,
    Patient,
    Payer,
    PaymentApplication,
    Practice,
    Provider,
    ServiceLine,
)
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.billing._prior_decision import PriorDecision, prior_decision
from frontdesk.services._lookups import policy_in_effect
from frontdesk.services._practice_clock import schedule_settings


def digits(value: str) -> str:
    """Only the ASCII digits of ``value`` (EIN, ZIP code)."""
    return "".join(ch for ch in (value or "") if ch.isascii() and ch.isdigit())


def phone10(e164: str) -> str:
    """'+15185550100' -> '5185550100' (the form wants ten digits); anything else -> ''."""
    d = digits(e164)
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    return d if len(d) == 10 else ""


def snapshot_lines(session: Session, claim: Claim) -> None:
    """Replace the claim's lines with the encounter's current service lines; total = sum of lines.

    Earlier payers' payments per line are kept for lines that are still there (a held secondary).
    """
    old = {line.service_line_id: line for line in session.scalars(select(ClaimLine).where(ClaimLine.claim_id == claim.id))}
    paid = {sid: line.prior_paid_cents for sid, line in old.items()}
    for line in old.values():
        session.delete(line)
    session.flush()
    total = total_paid = 0
    for sl in session.scalars(select(ServiceLine).where(ServiceLine.encounter_id == claim.encounter_id)
                              .order_by(ServiceLine.line_number)):
        session.add(ClaimLine(claim_id=claim.id, service_line_id=sl.id, line_number=sl.line_number,
                              charge_cents=sl.charge_cents, prior_paid_cents=paid.get(sl.id, 0)))
        total += sl.charge_cents
        total_paid += paid.get(sl.id, 0)
    claim.total_cents = total
    claim.prior_paid_cents = total_paid
    session.flush()


def copy_lines(session: Session, source: Claim, target: Claim) -> None:
    """A void claim repeats the original's lines exactly as billed."""
    for line in session.scalars(select(ClaimLine).where(ClaimLine.claim_id == source.id).order_by(ClaimLine.line_number)):
        session.add(ClaimLine(claim_id=target.id, service_line_id=line.service_line_id, line_number=line.line_number,
                              charge_cents=line.charge_cents, prior_paid_cents=line.prior_paid_cents))
    target.total_cents = source.total_cents
    target.prior_paid_cents = source.prior_paid_cents
    session.flush()


def _name(first: str, last: str, middle: str = "", suffix: str = "") -> PersonName:
    return PersonName(last=last, first=first, middle=middle, suffix=suffix)


def _patient_person(p: Patient) -> ClaimPerson:
    return ClaimPerson(name=_name(p.first_name, p.last_name, p.middle_name, p.suffix),
                       address=Address(p.address_line1, p.address_line2, p.city, p.state, digits(p.zip_code)),
                       phone=phone10(p.phone), dob=p.dob, sex=p.sex)


def _insured_person(policy: InsurancePolicy, patient: Patient) -> ClaimPerson:
    if policy.relationship == "self":
        return _patient_person(patient)
    return ClaimPerson(
        name=_name(policy.subscriber_first_name, policy.subscriber_last_name, policy.subscriber_middle_name),
        address=Address(policy.subscriber_address_line1, policy.subscriber_address_line2, policy.subscriber_city,
                        policy.subscriber_state, digits(policy.subscriber_zip_code)),
        phone=phone10(policy.subscriber_phone), dob=policy.subscriber_dob, sex=policy.subscriber_sex)


def _other_coverage(session: Session, claim: Claim, patient: Patient,
                    service_date: date) -> tuple[OtherCoverage | None, PriorDecision]:
    """The other payer on this visit (box 9, 11d): the primary for a secondary claim, the secondary for a
    primary one. The policy the other claim was made for, else the one in effect on the date of service.
    With it, what an earlier payer decided on its claim (empty for a later payer)."""
    other_rank = claim.payer_rank - 1 if claim.payer_rank > 1 else 2
    other = session.scalar(
        select(Claim).where(Claim.encounter_id == claim.encounter_id, Claim.payer_rank == other_rank)
        .order_by(Claim.id.desc()).limit(1))
    policy = (session.get(InsurancePolicy, other.policy_id) if other is not None
              else policy_in_effect(session, patient.id, service_date, other_rank))
    payer = session.get(Payer, policy.payer_id) if policy is not None else None
    if policy is None or payer is None:
        return None, PriorDecision()
    insured = _insured_person(policy, patient)
    earlier = other_rank < claim.payer_rank and other is not None
    decision = prior_decision(session, other.id) if earlier and other is not None else PriorDecision()
    # The payer's own check date; a claim marked paid by hand (no posting) falls back to that day.
    paid_date = (decision.last_date or _adjudicated_on(session, other)) if earlier and other is not None else None
    return OtherCoverage(insured=insured.name, member_id=policy.member_id, plan_name=policy.plan_name,
                         payer_name=payer.name, payer_id=payer.edi_payer_id, relationship=policy.relationship,
                         payer_rank=other_rank, paid_cents=claim.prior_paid_cents if earlier else 0,
                         insured_dob=insured.dob, insured_sex=insured.sex, group_number=policy.group_number,
                         paid_date=paid_date, claim_type=payer.claim_type), decision


def _adjudicated_on(session: Session, other: Claim) -> date | None:
    """When the earlier payer decided the claim: the practice-local date of its last paid/denied move."""
    at = session.scalar(select(ClaimEvent.at).where(
        ClaimEvent.claim_id == other.id, ClaimEvent.to_status.in_(("paid", "partly_paid", "denied")),
        ClaimEvent.from_status != ClaimEvent.to_status).order_by(ClaimEvent.id.desc()).limit(1))
    return None if at is None else at.astimezone(schedule_settings(session).tz).date()


def _patient_paid(session: Session, service_line_ids: list[int]) -> dict[int, int]:
    """Patient money applied to each of these lines, net of reversals: box 29 counts the patient's payments
    on the claim's services, not credit the patient holds unapplied."""
    rows = session.execute(
        select(PaymentApplication.service_line_id, func.sum(PaymentApplication.amount_cents))
        .where(PaymentApplication.service_line_id.in_(service_line_ids))
        .group_by(PaymentApplication.service_line_id))
    return {line_id: max(0, int(cents)) for line_id, cents in rows}


def _practice_address(pr: Practice) -> Address:
    return Address(pr.address_line1, pr.address_line2, pr.city, pr.state, digits(pr.zip_code))


def build_claim_form(session: Session, claim: Claim) -> ClaimForm:
    """Everything the CMS-1500 and the 837P need for ``claim``, read from the database (no commit)."""
    enc = session.get(Encounter, claim.encounter_id)
    patient = session.get(Patient, claim.patient_id)
    policy = session.get(InsurancePolicy, claim.policy_id)
    payer = session.get(Payer, claim.payer_id)
    practice = session.scalar(select(Practice).limit(1))
    if enc is None or patient is None or policy is None or payer is None or practice is None:
        raise NotFoundError(f"Claim #{claim.id} refers to a record that no longer exists.")
    provider = session.get(Provider, enc.rendering_provider_id)
    diagnoses = tuple(session.scalars(select(EncounterDiagnosis.code).where(EncounterDiagnosis.encounter_id == enc.id)
                                      .order_by(EncounterDiagnosis.position)))
    rows = session.execute(
        select(ClaimLine, ServiceLine).join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
        .where(ClaimLine.claim_id == claim.id).order_by(ClaimLine.line_number)).all()
    rendering_npi = provider.npi if provider else ""
    patient_paid = _patient_paid(session, [sl.id for _cl, sl in rows])
    other_coverage, decision = _other_coverage(session, claim, patient, enc.service_date)
    lines = tuple(ClaimFormLine(
        line_number=cl.line_number, from_date=sl.from_date, to_date=sl.to_date, place_of_service=sl.place_of_service,
        code=sl.code, modifiers=tuple(sl.modifiers.split()), pointers=sl.pointers, charge_cents=cl.charge_cents,
        units=sl.units, rendering_npi=rendering_npi, ndc=sl.ndc, ndc_unit=sl.ndc_unit, ndc_quantity=sl.ndc_quantity,
        prior_paid_cents=cl.prior_paid_cents, patient_paid_cents=patient_paid.get(sl.id, 0),
        prior_adjustments=decision.adjustments.get(sl.id, ()), prior_paid_date=decision.decided_on.get(sl.id),
        service_line_id=sl.id) for cl, sl in rows)
    referring = None
    if enc.referring_qualifier:
        referring = ClaimProviderRef(_name(enc.referring_first_name, enc.referring_last_name), enc.referring_npi,
                                     qualifier=enc.referring_qualifier)
    org = PersonName(practice.legal_name)
    address = _practice_address(practice)
    return ClaimForm(
        claim_id=claim.id,
        patient_control_number=control_number(patient.account_number, claim.id),
        claim_type=payer.claim_type,
        payer_name=payer.name,
        payer_id=payer.edi_payer_id,
        payer_address=Address(payer.address_line1, payer.address_line2, payer.city, payer.state, digits(payer.zip_code)),
        payer_rank=claim.payer_rank,
        insured_id=policy.member_id,
        patient=_patient_person(patient),
        relationship=policy.relationship,
        insured=_insured_person(policy, patient),
        insured_group=policy.group_number,
        insured_plan_name=policy.plan_name,
        other_coverage=other_coverage,
        employment_related=enc.employment_related,
        auto_accident=enc.auto_accident,
        auto_accident_state=enc.auto_accident_state,
        other_accident=enc.other_accident,
        release_on_file=policy.release_signed_on is not None,
        release_date=policy.release_signed_on,
        assignment_on_file=policy.assignment_signed_on is not None,
        onset_date=enc.onset_date,
        referring=referring,
        prior_authorization=enc.prior_authorization,
        frequency_code=claim.frequency_code,
        original_reference=claim.original_reference,
        diagnoses=diagnoses,
        lines=lines,
        federal_tax_id=digits(practice.ein),
        tax_id_is_ein=True,
        accept_assignment=policy.accept_assignment,
        amount_paid_cents=claim.prior_paid_cents,
        rendering=(ClaimProviderRef(_name(provider.first_name, provider.last_name), provider.npi, provider.taxonomy)
                   if provider else None),
        facility=ClaimProviderRef(org, practice.billing_npi, address=address),
        billing=ClaimProviderRef(org, practice.billing_npi, practice.taxonomy, address=address,
                                 phone=phone10(practice.phone)),
        signature_date=practice_today(session),
    )
