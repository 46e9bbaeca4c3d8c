"""The 837P file: ISA/GS envelope, one ST/SE transaction per 5,000 claims, written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk.domain.claim_form import ClaimForm
from frontdesk.reports.x12_837p.loops import add_claims
from frontdesk.reports.x12_837p.segments import (
    COMPONENT,
    ELEMENT,
    REPETITION,
    TERMINATOR,
    SegmentList,
    digits,
    ident,
    segment,
    text,
)
from frontdesk.storage.atomic import write_atomically

VERSION = "005010X222A1"
# The guide recommends at most 5,000 claims (CLM) per transaction set.
MAX_CLAIMS_PER_TRANSACTION = 5000
MAX_CONTROL = 999_999_999


@dataclass(frozen=True)
class Submitter:
    """Who sends the file (1000A, ISA06, GS02) and who receives it (1000B, ISA08, GS03)."""

    submitter_id: str
    submitter_name: str
    contact_name: str
    contact_phone_digits: str  # ten digits
    receiver_id: str
    receiver_name: str
    usage_indicator: str = "T"  # ISA15: T test, P production


@dataclass(frozen=True)
class ControlNumbers:
    """The stored, increasing numbers of one file: ISA13/IEA02 and GS06/GE02 (ST02 counts from 0001)."""

    interchange: int
    group: int

    def __post_init__(self) -> None:
        for name in ("interchange", "group"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= MAX_CONTROL:
                raise ValueError(f"{name} control number must be 1..{MAX_CONTROL}")


def _isa(submitter: Submitter, control: ControlNumbers, created_at: datetime) -> str:
    """ISA has fixed widths: ids padded to 15, the control number to 9 digits."""
    usage = submitter.usage_indicator if submitter.usage_indicator in ("T", "P") else "T"
    # Built by hand: ISA11 and ISA16 are the delimiters themselves, and no element may be trimmed.
    return ELEMENT.join([
        "ISA", "00", " " * 10, "00", " " * 10,
        "ZZ", ident(submitter.submitter_id, 15).ljust(15),
        "ZZ", ident(submitter.receiver_id, 15).ljust(15),
        created_at.strftime("%y%m%d"), created_at.strftime("%H%M"), REPETITION, "00501",
        f"{control.interchange:09d}", "0", usage, COMPONENT,
    ])


def _transaction(forms: Sequence[ClaimForm], number: int, submitter: Submitter, control: ControlNumbers,
                 created_at: datetime) -> list[str]:
    """ST..SE for some claims; SE01 counts every segment from ST to SE inclusive."""
    st_control = f"{number:04d}"
    segs = SegmentList()
    segs.add("ST", "837", st_control, VERSION)
    # BHT03: the batch's own reference, unique per file (interchange number plus transaction number).
    segs.add("BHT", "0019", "00", f"{control.interchange}{st_control}", created_at.strftime("%Y%m%d"),
             created_at.strftime("%H%M"), "CH")
    segs.add("NM1", "41", "2", text(submitter.submitter_name, 60), "", "", "", "", "46",
             ident(submitter.submitter_id, 80))
    segs.add("PER", "IC", text(submitter.contact_name, 60), "TE", digits(submitter.contact_phone_digits)[-10:])
    segs.add("NM1", "40", "2", text(submitter.receiver_name, 60), "", "", "", "", "46",
             ident(submitter.receiver_id, 80))
    add_claims(segs, forms)
    segs.add("SE", str(len(segs) + 1), st_control)
    return segs.items


def render_837p(forms: Sequence[ClaimForm], *, submitter: Submitter, control: ControlNumbers,
                created_at: datetime) -> str:
    """The whole file as text: one segment per line, each ended by '~'.

    ``created_at`` is written as given (pass the practice's local time). Check the claims with
    ``own_checks`` first: the writer trusts its input.
    """
    if not forms:
        raise ValueError("an 837P file needs at least one claim")
    chunks = [forms[i:i + MAX_CLAIMS_PER_TRANSACTION] for i in range(0, len(forms), MAX_CLAIMS_PER_TRANSACTION)]
    transactions = [_transaction(chunk, number, submitter, control, created_at)
                    for number, chunk in enumerate(chunks, start=1)]
    return envelope(transactions, functional_id="HC", version=VERSION, submitter=submitter, control=control,
                    created_at=created_at)


def envelope(transactions: Sequence[Sequence[str]], *, functional_id: str, version: str, submitter: Submitter,
             control: ControlNumbers, created_at: datetime) -> str:
    """ISA, one GS group (GS01 ``functional_id``, GS08 ``version``) holding the ST..SE transactions, GE, IEA.

    Shared by every X12 file the app writes (837P, 270), so the envelope and its control numbers are
    built one way.
    """
    lines = [_isa(submitter, control, created_at)]
    lines.append(segment("GS", functional_id, ident(submitter.submitter_id, 15), ident(submitter.receiver_id, 15),
                         created_at.strftime("%Y%m%d"), created_at.strftime("%H%M"), str(control.group),
                         "X", version))
    for transaction in transactions:
        lines.extend(transaction)
    lines.append(segment("GE", str(len(transactions)), str(control.group)))
    lines.append(segment("IEA", "1", f"{control.interchange:09d}"))
    return "".join(line + TERMINATOR + "\n" for line in lines)


def write_837p(forms: Sequence[ClaimForm], *, submitter: Submitter, control: ControlNumbers,
               created_at: datetime, out: str | Path) -> int:
    """Write the batch's 837P file atomically (never half a file); returns the number of claims written."""
    content = render_837p(forms, submitter=submitter, control=control, created_at=created_at)

    # ASCII only (segments.text folded everything else); newline="" keeps '\n' on every platform.
    write_atomically(out, content, what="the 837P file", encoding="ascii", newline="")
    return len(forms)
