"""Read a 271 eligibility response (005010X279A1) with pyx12: validated first, then one reply per person.

A reply is one 2000C subscriber (or 2000D dependent) loop: the trace number echoed from our 270
(TRN*2), the person as the payer names them, active or inactive coverage, the plan, what an office
visit costs in network (copay, coinsurance, deductible remaining; service type 98, else 30) and any
AAA rejection. Rejections of the whole inquiry (2100A payer, 2100B provider) are kept apart.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from frontdesk.reports.x12_270.codes import NOT_FOUND_REASONS, rejection_text
from frontdesk.reports.x12_270.pyx12_maps import VERSION, validate_eligibility_file

ACTIVE_CODES = frozenset("12345")  # EB01: active coverage (plain, capitated, pending investigation)
INACTIVE_CODES = frozenset("678")
OFFICE_VISIT, PLAN_COVERAGE = "98", "30"
_DATE_QUALIFIERS = ("291", "307", "472")  # the date the answer is for, as the payer echoes it


class Not271Error(ValueError):
    """The file is not a valid 271; the message names the segment and the reason."""


@dataclass(frozen=True)
class Rejection:
    """An AAA segment: reason code (AAA03) and what to do next (AAA04)."""

    code: str
    follow_up: str
    level: str  # payer, provider, subscriber, dependent

    @property
    def text(self) -> str:
        return rejection_text(self.code, self.follow_up)


@dataclass(frozen=True)
class Reply:
    """What the payer said about one person."""

    level: str  # subscriber or dependent ("inquiry" when the app lists a payer-level rejection like one)
    trace_numbers: tuple[str, ...]
    payer_name: str
    member_id: str
    last_name: str
    first_name: str
    dob: date | None
    service_date: date | None
    status: str  # active, inactive, rejected, unknown
    plan_name: str
    copay_cents: int | None
    coinsurance_basis_points: int | None
    deductible_remaining_cents: int | None
    rejections: tuple[Rejection, ...]

    @property
    def result(self) -> str:
        """The eligibility log's result: active, inactive, not_found or other."""
        if self.status in ("active", "inactive"):
            return self.status
        if any(r.code in NOT_FOUND_REASONS for r in self.rejections):
            return "not_found"
        return "other"


@dataclass(frozen=True)
class Response:
    """The whole file: every reply, and rejections of the inquiry itself (no person attached)."""

    replies: tuple[Reply, ...]
    inquiry_rejections: tuple[tuple[str, Rejection], ...]  # (payer name, rejection)


@dataclass
class _Builder:
    level: str
    payer_name: str
    member_id: str = ""
    last_name: str = ""
    first_name: str = ""
    dob: date | None = None
    service_date: date | None = None
    traces: list[str] = field(default_factory=list)
    status: str = ""
    plan_name: str = ""
    has_children: bool = False
    benefits_seen: bool = False
    rejections: list[Rejection] = field(default_factory=list)
    best: dict[str, tuple[tuple[int, int], int]] = field(default_factory=dict)  # kind -> (rank, value)

    def offer(self, kind: str, rank: tuple[int, int], value: int | None) -> None:
        if value is not None and (kind not in self.best or rank < self.best[kind][0]):
            self.best[kind] = (rank, value)

    def value(self, kind: str) -> int | None:
        return self.best[kind][1] if kind in self.best else None

    def reply(self) -> Reply:
        status = self.status or ("rejected" if self.rejections else "unknown")
        return Reply(self.level, tuple(self.traces), self.payer_name, self.member_id, self.last_name,
                     self.first_name, self.dob, self.service_date, status, self.plan_name, self.value("copay"),
                     self.value("coinsurance"), self.value("deductible"), tuple(self.rejections))


def _d8(value: str) -> date | None:
    try:
        return datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None


def _cents(value: str) -> int | None:
    try:
        return int((Decimal(value) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return None


def _basis_points(value: str) -> int | None:
    try:
        return int((Decimal(value) * 10000).to_integral_value())
    except (InvalidOperation, ValueError):
        return None


def _segments(text: str) -> list[Any]:
    import pyx12.errors
    import pyx12.x12file

    try:
        return list(pyx12.x12file.X12Reader(io.StringIO(text.lstrip())))
    except pyx12.errors.X12Error as exc:
        raise Not271Error(f"ISA: not an X12 file ({exc})") from None


def _check_kind(segments: list[Any]) -> None:
    """Refuse a file of another kind before validating it (the message names the segment)."""
    st = next((s for s in segments if s.get_seg_id() == "ST"), None)
    if st is None:
        raise Not271Error("ST: the file has no transaction set")
    if st.get_value("01") != "271":
        raise Not271Error(f"ST01 is {st.get_value('01')!r}: this is not a 271 eligibility response")
    gs = next((s for s in segments if s.get_seg_id() == "GS"), None)
    if gs is None or gs.get_value("08") != VERSION:
        found = gs.get_value("08") if gs is not None else ""
        raise Not271Error(f"GS08 is {found!r}: only {VERSION} 271 files can be read")


def _benefit(builder: _Builder, seg: Any, repetition: str) -> None:
    """One EB: the coverage status, the plan, and office-visit costs in network."""
    code = seg.get_value("01") or ""
    types = [t for t in (seg.get_value("03") or "").split(repetition) if t]
    builder.benefits_seen = True
    if code in ACTIVE_CODES | INACTIVE_CODES and (not types or PLAN_COVERAGE in types or not builder.status):
        builder.status = "active" if code in ACTIVE_CODES else "inactive"
        if code in ACTIVE_CODES and seg.get_value("05") and not builder.plan_name:
            builder.plan_name = seg.get_value("05")
    if (seg.get_value("12") or "") == "N":
        return  # out of network: the desk quotes the in-network visit
    rank_type = 0 if OFFICE_VISIT in types else 1 if (PLAN_COVERAGE in types or not types) else None
    if rank_type is None:
        return
    rank = (rank_type, 0 if (seg.get_value("02") or "IND") == "IND" else 1)
    if code == "B":
        builder.offer("copay", rank, _cents(seg.get_value("07") or ""))
    elif code == "A":
        builder.offer("coinsurance", rank, _basis_points(seg.get_value("08") or ""))
    elif code == "C" and seg.get_value("06") == "29":  # 29: remaining
        builder.offer("deductible", rank, _cents(seg.get_value("07") or ""))


def parse_271(text: str) -> Response:
    """The file's replies; raises Not271Error (segment and reason) for anything but a valid 271."""
    segments = _segments(text)
    _check_kind(segments)
    errors = validate_eligibility_file(text)
    if errors:
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise Not271Error("; ".join(errors[:3]) + more)
    repetition = segments[0].get_value("11") or "^"
    replies: list[Reply] = []
    inquiry_rejections: list[tuple[str, Rejection]] = []
    payer_name, level, in_ls = "", "", False
    builder: _Builder | None = None
    subscriber: _Builder | None = None

    def finish() -> None:
        if builder is not None and (builder.level == "dependent" or not builder.has_children
                                    or builder.benefits_seen or builder.rejections):
            replies.append(builder.reply())

    for seg in segments:
        tag = seg.get_seg_id()
        if tag in ("HL", "SE"):
            finish()
            builder, in_ls = None, False
            level = seg.get_value("03") if tag == "HL" else ""
            if level == "22":
                builder = subscriber = _Builder("subscriber", payer_name, has_children=seg.get_value("04") == "1")
            elif level == "23" and subscriber is not None:
                builder = _Builder("dependent", payer_name, member_id=subscriber.member_id)
        elif tag in ("LS", "LE"):
            in_ls = tag == "LS"  # 2120 loops (other parties) name people who are not the patient
        elif tag == "NM1" and level == "20" and seg.get_value("01") == "PR":
            payer_name = seg.get_value("03") or ""
        elif tag == "AAA" and level in ("20", "21"):
            inquiry_rejections.append((payer_name, Rejection(seg.get_value("03") or "", seg.get_value("04") or "",
                                                             "payer" if level == "20" else "provider")))
        elif builder is None or in_ls:
            continue
        elif tag == "TRN" and seg.get_value("01") == "2":
            builder.traces.append(seg.get_value("02") or "")
        elif tag == "NM1" and seg.get_value("01") in ("IL", "03"):
            builder.last_name, builder.first_name = seg.get_value("03") or "", seg.get_value("04") or ""
            if seg.get_value("08") == "MI" and seg.get_value("09"):
                builder.member_id = seg.get_value("09")
        elif tag == "DMG" and seg.get_value("01") == "D8":
            builder.dob = _d8(seg.get_value("02") or "")
        elif tag == "DTP" and seg.get_value("01") in _DATE_QUALIFIERS and builder.service_date is None:
            builder.service_date = _d8(seg.get_value("03") or "")
        elif tag == "AAA":
            builder.rejections.append(Rejection(seg.get_value("03") or "", seg.get_value("04") or "", builder.level))
        elif tag == "EB":
            _benefit(builder, seg, repetition)
    return Response(tuple(replies), tuple(inquiry_rejections))


__all__ = ["Not271Error", "Rejection", "Reply", "Response", "parse_271"]
