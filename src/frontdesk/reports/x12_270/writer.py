"""The 270 eligibility inquiry (005010X279A1): one file, one transaction, one question per patient.

The hierarchy: 2000A information source (the payer), 2000B information receiver (the practice, by its
NPI), 2000C subscriber, and 2000D dependent when the patient is not the subscriber. Each patient's
question carries a trace number (TRN02) the payer echoes in its 271, so the answer finds its patient.
The envelope, delimiters and element cleaning are the 837P writer's (one way to build an X12 file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from frontdesk.reports.x12_270.pyx12_maps import VERSION
from frontdesk.reports.x12_837p.codes import add_name
from frontdesk.reports.x12_837p.segments import SegmentList, d8, digits, ident
from frontdesk.reports.x12_837p.writer import ControlNumbers, Submitter, envelope
from frontdesk.domain.claim_form import PersonName
from frontdesk.storage.atomic import write_atomically

# EQ01 30: "health benefit plan coverage", the general question; the 271 answers it with the plan's
# status and, per service type (98 = office visit), its copay, coinsurance and deductible.
SERVICE_TYPE = "30"
# The guide recommends at most 99 patients (2000C loops) per 2000B information receiver.
MAX_PER_RECEIVER = 99


@dataclass(frozen=True)
class Person:
    """A subscriber or dependent as the inquiry names them."""

    name: PersonName
    dob: date | None
    sex: str = ""  # M, F or blank


@dataclass(frozen=True)
class Inquiry:
    """One patient's question: is this coverage active on ``service_date``, and what does a visit cost?"""

    trace_number: str
    payer_name: str
    payer_id: str  # the payer's electronic id (NM109 of 2100A)
    member_id: str  # the subscriber's member id
    subscriber: Person
    dependent: Person | None  # None when the patient is the subscriber
    service_date: date


@dataclass(frozen=True)
class Receiver:
    """The practice asking (2100B): its name and billing NPI."""

    name: str
    npi: str


def originator_id(submitter_id: str) -> str:
    """TRN03: ten characters, '9' then an id the practice chose (here its submitter id, zero padded)."""
    return "9" + ident(submitter_id, 9).ljust(9, "0")


def _person(segs: SegmentList, entity: str, person: Person, member_id: str, trace: str, originator: str,
            service_date: date) -> None:
    """TRN, NM1, DMG and DTP*291 of one person's loop, then the question (2110 EQ)."""
    segs.add("TRN", "1", ident(trace, 50), originator)
    add_name(segs, entity, person.name, "MI" if member_id else "", ident(member_id, 80, keep="-"))
    if person.dob is not None:
        segs.add("DMG", "D8", d8(person.dob), person.sex if person.sex in ("M", "F") else "")
    segs.add("DTP", "291", "D8", d8(service_date))
    segs.add("EQ", SERVICE_TYPE)


def _transaction(inquiries: Sequence[Inquiry], receiver: Receiver, originator: str, reference: str,
                 created_at: datetime) -> list[str]:
    segs = SegmentList()
    segs.add("ST", "270", "0001", VERSION)
    # BHT02 13 = request; BHT03 the file's own reference (its interchange number).
    segs.add("BHT", "0022", "13", reference, created_at.strftime("%Y%m%d"), created_at.strftime("%H%M"))
    number = 0
    by_payer: dict[tuple[str, str], list[Inquiry]] = {}
    for inquiry in inquiries:
        by_payer.setdefault((inquiry.payer_id, inquiry.payer_name), []).append(inquiry)
    for (payer_id, payer_name), asked in by_payer.items():
        number += 1
        source = number
        segs.add("HL", str(source), "", "20", "1")
        add_name(segs, "PR", PersonName(payer_name), "PI", ident(payer_id, 80))
        for start in range(0, len(asked), MAX_PER_RECEIVER):
            number += 1
            parent = number
            segs.add("HL", str(parent), str(source), "21", "1")
            add_name(segs, "1P", PersonName(receiver.name), "XX", digits(receiver.npi))
            for inquiry in asked[start:start + MAX_PER_RECEIVER]:
                number += 1
                subscriber = number
                has_dependent = inquiry.dependent is not None
                segs.add("HL", str(subscriber), str(parent), "22", "1" if has_dependent else "0")
                if inquiry.dependent is None:
                    _person(segs, "IL", inquiry.subscriber, inquiry.member_id, inquiry.trace_number, originator,
                            inquiry.service_date)
                    continue
                add_name(segs, "IL", inquiry.subscriber.name, "MI", ident(inquiry.member_id, 80, keep="-"))
                if inquiry.subscriber.dob is not None:
                    segs.add("DMG", "D8", d8(inquiry.subscriber.dob))
                number += 1
                segs.add("HL", str(number), str(subscriber), "23", "0")
                _person(segs, "03", inquiry.dependent, "", inquiry.trace_number, originator, inquiry.service_date)
    segs.add("SE", str(len(segs) + 1), "0001")
    return segs.items


def render_270(inquiries: Sequence[Inquiry], *, receiver: Receiver, submitter: Submitter, control: ControlNumbers,
               created_at: datetime) -> str:
    """The whole 270 as text (one segment a line); ``created_at`` is written as given (practice time)."""
    if not inquiries:
        raise ValueError("a 270 file needs at least one inquiry")
    transaction = _transaction(inquiries, receiver, originator_id(submitter.submitter_id),
                               str(control.interchange), created_at)
    return envelope([transaction], functional_id="HS", version=VERSION, submitter=submitter, control=control,
                    created_at=created_at)


def write_270(inquiries: Sequence[Inquiry], *, receiver: Receiver, submitter: Submitter, control: ControlNumbers,
              created_at: datetime, out: str | Path) -> int:
    """Write the 270 atomically (never half a file); returns the number of inquiries written."""
    content = render_270(inquiries, receiver=receiver, submitter=submitter, control=control, created_at=created_at)
    write_atomically(out, content, what="the 270 file", encoding="ascii", newline="")
    return len(inquiries)
