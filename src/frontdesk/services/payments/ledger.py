"""The patient / guarantor ledger: every charge, payment, adjustment, reversal and refund with a running balance.

Balance model (details in services/payments/_ledger_queries.py): balance = charges - insurance paid - adjustments
written off - patient money received (reversals undo a payment or refund). The balance splits into an
insurance portion (open amounts of charges whose claim still awaits a payer's decision) and a patient
portion (the rest: PR amounts, self-pay charges, minus unapplied credit); the two always add up to it.
Statements (patient portions by guarantor) and A/R aging (open amounts by date of service, split the
same way) are meant to be built on ``line_states`` and ``patient_balances``.
"""

from __future__ import annotations

import os
from datetime import date

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Guarantor, Patient, Practice, Provider
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.payments._ledger_entries import (
    RawEntry,
    charge_entries,
    insurance_entries,
    patient_money_entries,
    statement_entries,
)
from frontdesk.services._ledger_queries import (
    balance_split,
    line_states,
    lines_select,
)
from frontdesk.services.payments.payment_types import FamilyAccount, Ledger, LedgerEntry, LedgerHeader, PatientBalance


def _patient_ids(tx: Tx, patient_id: object, guarantor_id: object) -> tuple[int, ...]:
    if (patient_id is None) == (guarantor_id is None):
        raise ValidationError("patient_id", "Choose a patient or a guarantor.")
    if patient_id is not None:
        if not isinstance(patient_id, int) or tx.session.get(Patient, patient_id) is None:
            raise NotFoundError("That patient record no longer exists.")
        return (patient_id,)
    guarantor = tx.session.get(Guarantor, guarantor_id) if isinstance(guarantor_id, int) else None
    if guarantor is None:
        raise NotFoundError("That guarantor no longer exists.")
    ids = set(tx.session.scalars(select(Patient.id).where(Patient.guarantor_id == guarantor.id)))
    if guarantor.patient_id is not None:
        # A patient guarantor answers for their own visits too (their guarantor_id is NULL = themself).
        own = tx.session.get(Patient, guarantor.patient_id)
        if own is not None and own.guarantor_id in (None, guarantor.id):
            ids.add(own.id)
    return tuple(sorted(ids))


@operation(Permission.VIEW_BILLING, write=False)
def family_account(tx: Tx, patient_id: int) -> FamilyAccount:
    """The family ledger a patient belongs to: their guarantor's, or their own when they answer for others
    (a parent who is also a patient), so the whole family's ledger is one choice away from any member."""
    patient = tx.session.get(Patient, patient_id) if isinstance(patient_id, int) else None
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    if patient.guarantor_id is not None:
        guarantor = tx.session.get(Guarantor, patient.guarantor_id)
    else:
        guarantor = tx.session.scalar(select(Guarantor).where(Guarantor.patient_id == patient.id))
    if guarantor is None:
        return FamilyAccount(None, f"{patient.first_name} {patient.last_name}", 1)
    if guarantor.patient_id is not None:
        who = tx.session.get(Patient, guarantor.patient_id)
        name = f"{who.first_name} {who.last_name}" if who else ""
    else:
        name = f"{guarantor.first_name} {guarantor.last_name}".strip()
    members = _patient_ids(tx, None, guarantor.id)
    if len(members) <= 1:
        return FamilyAccount(None, name, len(members))
    return FamilyAccount(guarantor.id, name, len(members))


def _clean_range(since: object, until: object, provider_id: object, tx: Tx) -> None:
    for name, value in (("since", since), ("until", until)):
        if value is not None and not isinstance(value, date):
            raise ValidationError(name, "The date is not a date (MM/DD/YYYY).")
    if since is not None and until is not None and since > until:  # type: ignore[operator]
        raise ValidationError("until", "The end date is before the start date.")
    if provider_id is not None and (not isinstance(provider_id, int) or tx.session.get(Provider, provider_id) is None):
        raise ValidationError("provider_id", "That provider does not exist.")


@operation(Permission.VIEW_BILLING, write=False)
def ledger(tx: Tx, *, patient_id: int | None = None, guarantor_id: int | None = None, since: date | None = None,
           until: date | None = None, provider_id: int | None = None) -> Ledger:
    """The ledger of one patient or of everyone a guarantor answers for, oldest first with a running balance.

    ``since`` / ``until`` limit the entries shown (the running balance starts from the balance before
    ``since``); ``provider_id`` keeps that provider's charges, what was posted on them, and the patient
    money applied to them. ``balance`` and its two portions are always today's, for the same provider.
    """
    _clean_range(since, until, provider_id, tx)
    ids = _patient_ids(tx, patient_id, guarantor_id)
    states = line_states(tx.session, ids, provider_id=provider_id)
    sub = lines_select(ids, provider_id)
    raw = charge_entries(tx.session, states) + insurance_entries(tx.session, states, sub)
    raw += patient_money_entries(tx.session, ids, states, provider_id)
    if provider_id is None:  # a statement covers the whole account, not one provider's charges
        raw += statement_entries(tx.session, ids)
    raw.sort(key=lambda e: e.sort_key())
    names = {pid: f"{first} {last}" for pid, first, last in tx.session.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(ids)))}
    opening = sum(e.cents for e in raw if since is not None and e.on < since)
    running = opening
    shown: list[LedgerEntry] = []
    totals = {"charge": 0, "payment": 0, "insurance payment": 0, "adjustment": 0, "refund": 0}
    for e in raw:
        if (since is not None and e.on < since) or (until is not None and e.on > until):
            continue
        running += e.cents
        state = states.get(e.service_line_id) if e.kind == "charge" and e.service_line_id else None
        shown.append(LedgerEntry(
            e.on, e.kind, e.description, e.provider, from_cents(e.cents), from_cents(running),
            from_cents(state.insurance_portion) if state else None,
            from_cents(state.patient_portion) if state else None, e.patient_id, e.service_line_id, e.ref,
            names.get(e.patient_id, "")))
        _add_total(totals, e)
    split = balance_split(tx.session, ids, states, provider_id=provider_id)
    return Ledger(
        patient_ids=ids, since=since, until=until, provider_id=provider_id, entries=tuple(shown),
        opening_balance=from_cents(opening), closing_balance=from_cents(running),
        charges=from_cents(totals["charge"]), payments=from_cents(-totals["payment"]),
        insurance_payments=from_cents(-totals["insurance payment"]), adjustments=from_cents(-totals["adjustment"]),
        refunds=from_cents(totals["refund"]), balance=from_cents(split.balance),
        insurance_portion=from_cents(split.insurance), patient_portion=from_cents(split.patient),
        credit=from_cents(split.credit))


@operation(Permission.VIEW_BILLING)
def open_ledger(tx: Tx, *, patient_id: int | None = None, guarantor_id: int | None = None,
                since: date | None = None, until: date | None = None, provider_id: int | None = None) -> Ledger:
    """The ledger as :func:`ledger` gives it, for a screen that opens it: the view is audited (HIPAA).

    One event per opening for each patient whose entries it shows: a family ledger shows every member's PHI,
    so each member's own audit history says it was seen (entity: the guarantor, for the family view). The
    screen's later refreshes and filter changes of the same ledger use :func:`ledger`.
    """
    data = ledger.__wrapped__(tx, patient_id=patient_id, guarantor_id=guarantor_id, since=since,  # type: ignore[attr-defined]
                              until=until, provider_id=provider_id)
    if guarantor_id is None:
        tx.audit("ledger.view", entity_type="patient", entity_id=data.patient_ids[0], patient_id=data.patient_ids[0])
    else:
        for member in sorted(data.patient_ids):
            tx.audit("ledger.view", entity_type="guarantor", entity_id=guarantor_id, patient_id=member,
                     detail="family ledger")
    return data


@operation(Permission.VIEW_BILLING, write=False)
def patient_balance(tx: Tx, patient_id: int) -> PatientBalance:
    """What the patient owes now and what awaits insurance, for the patient header: the figures of the
    patient's ledger (balance_split), so header, ledger and statements never disagree."""
    ids = _patient_ids(tx, patient_id, None)
    split = balance_split(tx.session, ids)
    return PatientBalance(ids[0], from_cents(split.patient), from_cents(split.insurance), from_cents(split.credit))


def _add_total(totals: dict[str, int], e: RawEntry) -> None:
    """Reversals count against what they reverse (a reversed payment nets out of 'payments')."""
    kind = e.kind
    if kind == "statement":
        return  # a note that a statement went out: no money
    if kind == "reversal" and e.ref.startswith(("ins:", "adj:")):  # a payer posting reversed
        kind = "insurance payment" if e.ref.startswith("ins:") else "adjustment"
    elif kind == "reversal":
        kind = "refund" if e.cents < 0 else "payment"
    totals[kind] += e.cents


@operation(Permission.VIEW_BILLING)
def write_ledger_pdf(tx: Tx, out_path: str | os.PathLike[str], *, patient_id: int | None = None,
                     guarantor_id: int | None = None, since: date | None = None, until: date | None = None,
                     provider_id: int | None = None) -> Ledger:
    """Print the ledger to a PDF (atomically) and record that it was printed."""
    from frontdesk.reports.ledger_pdf import write_ledger

    data = ledger.__wrapped__(tx, patient_id=patient_id, guarantor_id=guarantor_id, since=since,  # type: ignore[attr-defined]
                              until=until, provider_id=provider_id)
    write_ledger(data, _header(tx, data, guarantor_id), out_path)
    tx.audit("ledger.print", entity_type="guarantor" if guarantor_id else "patient",
             entity_id=guarantor_id or patient_id or "", patient_id=patient_id,
             detail=f"{len(data.entries)} entries")
    return data


def _header(tx: Tx, data: Ledger, guarantor_id: int | None) -> LedgerHeader:
    practice = tx.session.scalar(select(Practice).limit(1))
    lines: tuple[str, ...] = ()
    if practice is not None:
        lines = tuple(x for x in (practice.address_line1, practice.address_line2,
                                  f"{practice.city}, {practice.state} {practice.zip_code}") if x)
    patients = {p.id: p for p in tx.session.scalars(select(Patient).where(Patient.id.in_(data.patient_ids)))}
    if guarantor_id is not None:
        g = tx.session.get(Guarantor, guarantor_id)
        person = patients.get(g.patient_id) if g and g.patient_id else None
        if person is None and g is not None and g.patient_id:
            person = tx.session.get(Patient, g.patient_id)
        name = f"{person.first_name} {person.last_name}" if person else f"{g.first_name} {g.last_name}" if g else ""
        who = f"Guarantor: {name}"
    else:
        p = patients[data.patient_ids[0]]
        who = f"Patient: {p.first_name} {p.last_name} (account {p.account_number})"
    members = tuple(f"{p.last_name}, {p.first_name} ({p.account_number})" for p in patients.values())
    provider = tx.session.get(Provider, data.provider_id) if data.provider_id else None
    return LedgerHeader(practice_name=practice.legal_name if practice else "", practice_lines=lines, who=who,
                        members=members if guarantor_id is not None else (),
                        provider=f"{provider.first_name} {provider.last_name}" if provider else "",
                        printed_on=practice_today(tx.session))
