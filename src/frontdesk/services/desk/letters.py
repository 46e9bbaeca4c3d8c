"""Letters: templates with merge fields (checked when saved), printing single or batch PDFs, correspondence."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_date
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Letter, LetterTemplate, Recall, User
from frontdesk.reports.letter_pdf import LetterDoc, write_letters_pdf
from frontdesk.services._base import Tx, operation
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.desk._letter_data import (
    address_block,
    balances_for,
    letterhead,
    merge_values,
)
from frontdesk.services.desk._letter_merge import (
    BUILTIN_TEMPLATES,
    KIND_LABELS,
    KINDS,
    check_template,
    merge,
)
from frontdesk.services._lookups import load_editable, load_patient

# Re-exported as public names (see __all__): the merge fields the template editor and the send dialog show.
from frontdesk.services.desk._letter_merge import MERGE_FIELDS as MERGE_FIELDS
from frontdesk.services.desk._letter_merge import TYPED_FIELDS as TYPED_FIELDS
from frontdesk.services.desk._letter_merge import placeholders as placeholders

__all__ = [
    "KIND_LABELS", "MAX_BATCH", "MERGE_FIELDS", "TYPED_FIELDS", "LetterInfo", "LetterRequest", "PrintResult",
    "TemplateInfo", "list_letters", "list_templates", "placeholders", "print_letters", "remove_template",
    "reprint_letters", "save_template",
]

MAX_BATCH = 5000


@dataclass(frozen=True)
class TemplateInfo:
    """A template as the editor shows it; ``builtin`` templates can be edited but not removed."""

    key: str
    kind: str
    name: str
    subject: str
    body: str
    builtin: bool
    edited: bool  # a built-in the practice has changed


@dataclass(frozen=True)
class LetterRequest:
    """What to print: a template and either patients or recalls (recall letters), plus typed referral text."""

    template_key: str
    patient_ids: tuple[int, ...] = ()
    recall_ids: tuple[int, ...] = ()
    extras: dict[str, str] = field(default_factory=dict)  # typed fields: TYPED_FIELDS


@dataclass(frozen=True)
class PrintResult:
    count: int
    letter_ids: tuple[int, ...]


@dataclass(frozen=True)
class LetterInfo:
    """One letter in the patient's correspondence history (the merged text as sent)."""

    id: int
    patient_id: int
    template_name: str
    subject: str
    body: str
    address: tuple[str, ...]
    letter_date: date
    sent_at: datetime
    sent_by: str


def _info(row: LetterTemplate | None, key: str) -> TemplateInfo:
    builtin = key in BUILTIN_TEMPLATES
    if row is None:
        name, subject, body = BUILTIN_TEMPLATES[key]
        return TemplateInfo(key, key, name, subject, body, True, False)
    return TemplateInfo(row.key, row.kind, row.name, row.subject, row.body, builtin, builtin)


def _load_template(tx: Tx, key: object) -> TemplateInfo:
    if not isinstance(key, str) or not key:
        raise ValidationError("template", "Choose a letter template.")
    row = tx.session.scalar(select(LetterTemplate).where(LetterTemplate.key == key))
    if row is None and key not in BUILTIN_TEMPLATES:
        raise NotFoundError("That letter template no longer exists.")
    if row is not None and not row.active:
        raise NotFoundError("That letter template was removed.")
    return _info(row, key)


@operation(Permission.SEND_LETTERS, write=False)
def list_templates(tx: Tx) -> list[TemplateInfo]:
    """Built-in templates (as edited, if they were) first, then the practice's own by name."""
    rows = {r.key: r for r in tx.session.scalars(select(LetterTemplate).where(LetterTemplate.active.is_(True)))}
    out = [_info(rows.get(key), key) for key in BUILTIN_TEMPLATES]
    custom = [_info(r, r.key) for k, r in rows.items() if k not in BUILTIN_TEMPLATES]
    return out + sorted(custom, key=lambda t: t.name.lower())


@operation(Permission.EDIT_LETTER_TEMPLATES)
def save_template(tx: Tx, key: str | None, name: str, subject: str, body: str, kind: str = "free") -> TemplateInfo:
    """Save a template (``key`` None adds a new one of ``kind``); unknown merge fields are refused here."""
    clean_name = clean_text(name, "name", "Name", max_len=80, required=True)
    clean_subject = clean_text(subject, "subject", "Subject", max_len=120)
    clean_body = clean_text(body, "body", "Letter text", max_len=8000, required=True, multiline=True)
    check_template("subject", clean_subject)
    check_template("body", clean_body)
    row: LetterTemplate | None = None
    if key is None:
        if kind not in KINDS:
            raise ValidationError("kind", "Choose what the letter is about: " + ", ".join(KIND_LABELS.values()) + ".")
    else:
        current = _load_template(tx, key)
        kind = current.kind
        row = tx.session.scalar(select(LetterTemplate).where(LetterTemplate.key == key))
    if row is None:
        row = LetterTemplate(key=key or "pending", kind=kind, name=clean_name, subject="", body="", active=True)
        tx.session.add(row)
        tx.session.flush()
        if key is None:
            row.key = f"custom_{row.id}"
    row.name, row.subject, row.body = clean_name, clean_subject, clean_body
    row.updated_at = st.utc_now()
    row.updated_by = tx.actor.user_id if tx.actor else None
    tx.session.flush()
    tx.audit("letter_template.save", entity_type="letter_template", entity_id=row.id, detail=row.key)
    tx.changed("letter_templates")
    return _info(row, row.key)


@operation(Permission.EDIT_LETTER_TEMPLATES)
def remove_template(tx: Tx, key: str) -> None:
    """Remove one of the practice's own templates (built-ins stay; letters already sent keep their text)."""
    if key in BUILTIN_TEMPLATES:
        raise ValidationError("template", "Built-in templates can be edited but not removed.")
    row = tx.session.scalar(select(LetterTemplate).where(LetterTemplate.key == key))
    if row is None or not row.active:
        raise NotFoundError("That letter template no longer exists.")
    row.active = False
    tx.audit("letter_template.remove", entity_type="letter_template", entity_id=row.id, detail=row.key)
    tx.changed("letter_templates")


def _targets(tx: Tx, request: LetterRequest) -> list[tuple[int, Recall | None]]:
    if request.recall_ids:
        recalls = [tx.session.get(Recall, r) if isinstance(r, int) else None for r in request.recall_ids]
        if any(r is None for r in recalls):
            raise NotFoundError("One of those recalls no longer exists; refresh the list.")
        return [(r.patient_id, r) for r in recalls if r is not None]
    return [(p, None) for p in request.patient_ids]


@operation(Permission.SEND_LETTERS)
def print_letters(tx: Tx, request: LetterRequest, path: str | os.PathLike[str]) -> PrintResult:
    """Merge, store and render the letters into one PDF at ``path`` in one transaction.

    Each letter is stored with its merged text, logged in the patient's contact history and audited;
    a recall letter also counts as a contact attempt on its recall. If anything fails (a missing
    address, a full disk) nothing is recorded and no file is left behind.
    """
    template = _load_template(tx, request.template_key)
    targets = _targets(tx, request)
    if not targets:
        raise ValidationError("patient_ids", "Choose at least one patient to write to.")
    if len(targets) > MAX_BATCH:
        raise ValidationError("patient_ids", f"Print at most {MAX_BATCH:,} letters at a time.")
    used = check_template("subject", template.subject) | check_template("body", template.body)
    head, tz = letterhead(tx.session)
    today = st.to_local(st.utc_now(), tz).date()
    staff = tx.actor.full_name if tx.actor else ""
    ids: list[int] = []
    balances = balances_for(tx.session, [pid for pid, _recall in targets if isinstance(pid, int)], used)

    def docs() -> Iterator[LetterDoc]:
        for patient_id, recall in targets:
            patient = load_editable(tx.session, patient_id)
            values = merge_values(tx.session, patient, kind=template.kind, used=used, head=head, tz=tz,
                                  recall=recall, extras=dict(request.extras), staff_name=staff,
                                  balances=balances)
            address = address_block(tx.session, patient, template.kind)
            subject, body = merge(template.subject, values), merge(template.body, values)
            letter = Letter(patient_id=patient.id, template_key=template.key, template_name=template.name,
                            subject=subject[:200], body=body[:12000], address="\n".join(address)[:400],
                            letter_date=today, sent_by=tx.actor.user_id if tx.actor else None,
                            recall_id=recall.id if recall else None)
            tx.session.add(letter)
            tx.session.flush()
            ids.append(letter.id)
            add_contact_event(tx.session, patient_id=patient.id, kind="letter", direction="out",
                              user_id=letter.sent_by, summary=f"{template.name}: {subject}".rstrip(": "),
                              ref_type="letter", ref_id=letter.id)
            if recall is not None:
                recall.attempts += 1
                recall.last_outcome = "letter"
                recall.last_contact_at = st.utc_now()
            tx.audit("letter.print", entity_type="letter", entity_id=letter.id, patient_id=patient.id,
                     detail=template.key)
            yield LetterDoc(address, format_date(today), subject, body)

    count = write_letters_pdf(path, (head.name, head.address_lines, head.phone), docs())
    tx.changed("letters", "contacts", *(("recalls",) if request.recall_ids else ()))
    return PrintResult(count, tuple(ids))


def _letter_info(row: Letter, username: str) -> LetterInfo:
    return LetterInfo(row.id, row.patient_id, row.template_name, row.subject, row.body,
                      tuple(row.address.split("\n")), row.letter_date, row.sent_at, username)


@operation(Permission.VIEW_PATIENTS, write=False)
def list_letters(tx: Tx, patient_id: int, limit: int = 200) -> list[LetterInfo]:
    """The patient's correspondence history, newest first, with the text as sent."""
    load_patient(tx.session, patient_id)
    rows = tx.session.execute(select(Letter, User.username).outerjoin(User, User.id == Letter.sent_by)
                              .where(Letter.patient_id == patient_id)
                              .order_by(Letter.sent_at.desc(), Letter.id.desc()).limit(max(1, min(limit, 1000))))
    return [_letter_info(row, name or "") for row, name in rows]


@operation(Permission.SEND_LETTERS)
def reprint_letters(tx: Tx, letter_ids: Sequence[int], path: str | os.PathLike[str]) -> int:
    """Print stored letters again exactly as sent (same text and date); audited, not re-logged as sent."""
    rows = [tx.session.get(Letter, i) if isinstance(i, int) else None for i in letter_ids]
    if not rows:
        raise ValidationError("letters", "Choose a letter to reprint.")
    if any(r is None for r in rows):
        raise NotFoundError("That letter no longer exists.")
    head, _tz = letterhead(tx.session)
    docs = [LetterDoc(tuple(r.address.split("\n")), format_date(r.letter_date), r.subject, r.body)
            for r in rows if r is not None]
    for r in rows:
        if r is not None:
            tx.audit("letter.reprint", entity_type="letter", entity_id=r.id, patient_id=r.patient_id)
    return write_letters_pdf(path, (head.name, head.address_lines, head.phone), docs)
