"""Merging a duplicate patient record into the one that stays (admin only), with a preview first.

Every row of every table that refers to the duplicate (appointments, insurance, charges, payments,
consents, contact history ... including tables added later) moves to the survivor, found by
walking the foreign keys to patient.id. The duplicate is never deleted: it is marked "merged" and
points at the survivor, so audit events and old printouts still lead somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, UniqueConstraint, and_, func, select, update
from sqlalchemy.orm import Session

from frontdesk.domain.formats import phone_digits
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Base, Guarantor, Patient, PatientPhone
from frontdesk.models.base import utcnow
from frontdesk.models.patient_phone import PHONE_KINDS
from frontdesk.services._base import Tx, operation
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.patients._patient_rows import summaries, to_record
from frontdesk.services._lookups import load_editable, phones_of
from frontdesk.services.patients._patient_types import PatientRecord, PatientSummary
from frontdesk.services.patients._record_version import bump_version

# Survivor fields filled from the duplicate when the survivor's are empty; groups move together.
_FILL_GROUPS = (
    ("middle_name",), ("suffix",), ("preferred_name",), ("gender_identity",), ("email",), ("preferred_language",),
    ("notes",), ("address_line1", "address_line2", "city", "state", "zip_code"),
    ("emergency_name", "emergency_relationship", "emergency_phone"), ("referring_name", "referring_npi"),
    ("referral_source",),
)
# Handled by hand: a patient has one phone per kind and one guarantor row.
_SPECIAL = {("patient_phone", "patient_id"), ("guarantor", "patient_id")}


@dataclass(frozen=True)
class MergePreview:
    """What merging ``duplicate`` into ``survivor`` would do; ``blockers`` say why it cannot run yet.

    ``moves`` are (table, rows) that go to the survivor; ``phones_kept`` counts the duplicate's phones
    of a kind the survivor already has (they stay on the merged record); ``filled_fields`` are the
    survivor's empty fields that take the duplicate's value.
    """

    survivor: PatientSummary
    duplicate: PatientSummary
    moves: tuple[tuple[str, int], ...]
    phones_kept: int
    filled_fields: tuple[str, ...]
    blockers: tuple[str, ...]

    @property
    def rows_moved(self) -> int:
        """Rows of every kind that move to the survivor."""
        return sum(n for _table, n in self.moves)


@dataclass(frozen=True)
class MergeResult:
    """The survivor as saved after the merge, and the plan that was carried out."""

    survivor: PatientRecord
    preview: MergePreview


def _patient_references() -> list[tuple[Table, Column]]:  # type: ignore[type-arg]
    """Every (table, column) with a foreign key to patient.id, in a stable order."""
    found = []
    for table in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table.name == "patient" and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _unique_column_sets(table: Table, column: Column) -> list[list[Column]]:  # type: ignore[type-arg]
    """The other columns of each uniqueness rule (constraint or unique index) that includes ``column``."""
    rules = [c for c in table.constraints if isinstance(c, UniqueConstraint)] + [i for i in table.indexes if i.unique]
    return [[c for c in rule.columns if c is not column] for rule in rules if column in list(rule.columns)]


def _collides(session: Session, table: Table, column: Column, others: list[Column],  # type: ignore[type-arg]
              survivor_id: int, duplicate_id: int) -> bool:
    """Would moving the duplicate's rows break this uniqueness rule (the survivor has an equal row)?"""
    a, b = table.alias("a"), table.alias("b")
    joined = and_(a.c[column.name] == duplicate_id, b.c[column.name] == survivor_id,
                  *[a.c[o.name] == b.c[o.name] for o in others])
    return bool(session.scalar(select(func.count()).select_from(a.join(b, joined))))


def _plan(session: Session, survivor: Patient, duplicate: Patient) -> MergePreview:
    moves: list[tuple[str, int]] = []
    blockers: list[str] = []
    for table, column in _patient_references():
        if (table.name, column.name) in _SPECIAL:
            continue
        count = session.scalar(select(func.count()).select_from(table).where(column == duplicate.id)) or 0
        if not count:
            continue
        moves.append((table.name if column.name == "patient_id" else f"{table.name}.{column.name}", count))
        for others in _unique_column_sets(table, column):
            if _collides(session, table, column, others, survivor.id, duplicate.id):
                blockers.append(f"Both records have a {table.name.replace('_', ' ')} entry that may exist only "
                                "once per patient; remove one of them before merging.")
    survivor_phones, duplicate_phones = phones_of(session, survivor.id), phones_of(session, duplicate.id)
    movable = [k for k in PHONE_KINDS if duplicate_phones[k] and not survivor_phones[k]]
    kept = sum(1 for k in PHONE_KINDS if duplicate_phones[k] and survivor_phones[k])
    if movable:
        moves.append(("patient_phone", len(movable)))
    if session.scalar(select(Guarantor.id).where(Guarantor.patient_id == duplicate.id)) is not None:
        moves.append(("guarantor", 1))
    filled = [name for group in _FILL_GROUPS
              if not any(getattr(survivor, n) for n in group) and any(getattr(duplicate, n) for n in group)
              for name in group if getattr(duplicate, name)]
    if survivor.family_id is None and duplicate.family_id is not None:
        filled.append("family_id")
    if survivor.guarantor_id is None and duplicate.guarantor_id is not None and not _is_own(session, duplicate,
                                                                                           survivor.id):
        filled += ["guarantor_id", "guarantor_relationship"]
    found = summaries(session, (survivor.id, duplicate.id))
    return MergePreview(found[survivor.id], found[duplicate.id], tuple(sorted(moves)), kept, tuple(filled),
                        tuple(dict.fromkeys(blockers)))


def _is_own(session: Session, patient: Patient, other_id: int) -> bool:
    """Is ``patient``'s guarantor the patient ``other_id``?"""
    if patient.guarantor_id is None:
        return False
    return session.scalar(select(Guarantor.patient_id).where(Guarantor.id == patient.guarantor_id)) == other_id


def _load_pair(tx: Tx, survivor_id: int, duplicate_id: int) -> tuple[Patient, Patient]:
    if survivor_id == duplicate_id:
        raise ValidationError("duplicate", "Choose two different patient records to merge.")
    return load_editable(tx.session, survivor_id), load_editable(tx.session, duplicate_id)


@operation(Permission.MERGE_PATIENTS, write=False)
def preview_merge(tx: Tx, survivor_id: int, duplicate_id: int) -> MergePreview:
    """What a merge of ``duplicate_id`` into ``survivor_id`` would move and fill, and anything blocking it."""
    survivor, duplicate = _load_pair(tx, survivor_id, duplicate_id)
    return _plan(tx.session, survivor, duplicate)


def _move_phones(session: Session, survivor: Patient, duplicate: Patient) -> None:
    theirs, ours = phones_of(session, duplicate.id), phones_of(session, survivor.id)
    for kind in PHONE_KINDS:
        if theirs[kind] and not ours[kind]:
            session.execute(update(PatientPhone).where(PatientPhone.patient_id == duplicate.id,
                                                       PatientPhone.kind == kind).values(patient_id=survivor.id))
            ours[kind] = theirs[kind]
    if not survivor.preferred_phone_kind:
        kind = next((k for k in PHONE_KINDS if ours[k]), "")
        survivor.preferred_phone_kind = kind
        survivor.phone = ours[kind] if kind else ""
        survivor.phone_digits = phone_digits(survivor.phone)


def _move_guarantor(session: Session, survivor: Patient, duplicate: Patient) -> None:
    """The duplicate as someone's guarantor becomes the survivor (one guarantor row per patient)."""
    theirs = session.scalar(select(Guarantor).where(Guarantor.patient_id == duplicate.id))
    if theirs is None:
        return
    ours = session.scalar(select(Guarantor).where(Guarantor.patient_id == survivor.id))
    if ours is None:
        theirs.patient_id = survivor.id
        target = theirs.id
    else:
        target = ours.id
        if survivor.guarantor_id == theirs.id:
            survivor.guarantor_id = target
        session.flush()
        for table in Base.metadata.tables.values():  # every reference to the old row, e.g. statements later
            for fk in table.foreign_keys:
                if fk.column.table.name == "guarantor" and fk.column.name == "id":
                    session.execute(update(table).where(fk.parent == theirs.id).values({fk.parent.name: target}))
        session.delete(theirs)
    if survivor.guarantor_id == target:  # the survivor depended on its own duplicate: now self
        survivor.guarantor_id = None
        survivor.guarantor_relationship = ""


@operation(Permission.MERGE_PATIENTS)
def merge_patients(tx: Tx, survivor_id: int, duplicate_id: int) -> MergeResult:
    """Move everything of ``duplicate_id`` to ``survivor_id`` and mark the duplicate merged (one transaction)."""
    session = tx.session
    survivor, duplicate = _load_pair(tx, survivor_id, duplicate_id)
    plan = _plan(session, survivor, duplicate)
    if plan.blockers:
        raise ConflictError(" ".join(plan.blockers))
    for name in plan.filled_fields:
        setattr(survivor, name, getattr(duplicate, name))
    duplicate.family_id = None
    # Marked first: the payment trigger lets a posted payment move only from a patient merged into the new one.
    duplicate.status = "merged"
    duplicate.merged_into_id = survivor.id
    session.flush()
    for table, column in _patient_references():
        if (table.name, column.name) in _SPECIAL:
            continue
        session.execute(update(table).where(column == duplicate.id).values({column.name: survivor.id}))
    _move_phones(session, survivor, duplicate)
    _move_guarantor(session, survivor, duplicate)
    duplicate.updated_at = survivor.updated_at = utcnow()
    bump_version(survivor)  # its fields and phones may have filled in: a form opened on it before is stale
    user_id = tx.actor.user_id if tx.actor else None
    add_contact_event(session, patient_id=survivor.id, kind="merge", user_id=user_id,
                      summary=f"Record {duplicate.account_number} was merged into this one.",
                      ref_type="patient", ref_id=duplicate.id)
    session.flush()
    session.expire_all()  # bulk updates bypassed the identity map
    moved = ", ".join(f"{table} {count}" for table, count in plan.moves) or "nothing"
    tx.audit("patient.merge", entity_type="patient", entity_id=duplicate_id, patient_id=survivor_id,
             detail=f"merged patient {duplicate_id} into {survivor_id}; moved: {moved}; "
                    f"filled: {', '.join(plan.filled_fields) or 'none'}")
    # Rows of other panes' tables moved too: let every pane showing a patient's data refresh.
    tx.changed("patients", "contacts", "appointments", "waitlist", "insurance", "consents", "intake")
    kept = load_editable(session, survivor_id)
    return MergeResult(to_record(kept, phones_of(session, kept.id)), plan)
