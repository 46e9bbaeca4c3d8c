"""Reading an 835 file: refuse anything that is not a valid 005010X221A1 remittance, then walk its segments.

Validation is pyx12's (the maintained X12 library the 837P export is already checked with): its full
implementation-guide map for 835 5010, read through its Python API and JSON error report (``x12valid``'s exit
status says nothing). A refusal names the segment, its line in the file and pyx12's reason. The walk itself
uses pyx12's segment reader and keeps only what posting needs.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from frontdesk.domain.era835.records import (
    Adjustment,
    ProviderAdjustment,
    Remittance,
    RemitCheck,
    RemitClaim,
    RemitLine,
)
from frontdesk.errors import ValidationError

VERSION = "005010X221A1"
_READ: OrderedDict[str, Remittance] = OrderedDict()  # files pyx12 found valid, by digest, newest last
_READ_KEPT = 4
_READ_LOCK = threading.Lock()
_MAX_ERRORS = 3


def _refuse(message: str) -> ValidationError:
    return ValidationError("file", f"This file is not a valid 835 remittance: {message}")


def _text(data: bytes | str) -> str:
    if isinstance(data, bytes):
        try:
            data = data.decode("ascii")
        except UnicodeDecodeError:
            raise _refuse("it holds characters an X12 file cannot (not plain ASCII text).") from None
    text = data.lstrip("\ufeff \r\n\t")
    if not text.startswith("ISA"):
        raise _refuse("it does not begin with an ISA segment.")
    return text


def _segments(text: str) -> Iterator[tuple[int, Any]]:
    """(line in the file, pyx12 segment) for every segment."""
    import pyx12.errors
    import pyx12.x12file

    try:
        reader = pyx12.x12file.X12Reader(io.StringIO(text))
        for seg in reader:
            yield reader.get_cur_line(), seg
    except pyx12.errors.X12Error as exc:
        raise _refuse(f"ISA: {exc}") from None


def _check_kind(text: str) -> None:
    """An 837 or 271 is valid X12 too: make sure every transaction set is an 835 of the 5010 guide."""
    for line, seg in _segments(text):
        seg_id = seg.get_seg_id()
        if seg_id == "GS" and seg.get_value("08") != VERSION:
            raise _refuse(f"GS line {line}: version {seg.get_value('08') or '(none)'}, not {VERSION}.")
        if seg_id == "ST" and seg.get_value("01") != "835":
            raise _refuse(f"ST line {line}: transaction set {seg.get_value('01') or '(none)'}, not 835.")


def _errors(node: dict[str, Any], where: str, found: list[str]) -> None:
    """Every error in pyx12's JSON report, named by segment id and line, at whatever depth it sits."""
    if "seg_id" in node:
        where = f"{node.get('seg_id')} line {node.get('cur_line')}"
    elif "ele_pos" in node:
        where = f"{where} element {node.get('ele_pos')}"
    elif "cur_line" in node:
        kind = "ISA" if "isa_trn_set_id" in node else "GS" if "gs_control_num" in node else "ST"
        where = f"{kind} line {node.get('cur_line')}"
    for err in node.get("errors", []):
        found.append(f"{where}: {err.get('err_str', '').strip() or 'error ' + str(err.get('err_cde', ''))}")
    for key in ("interchanges", "groups", "transactions", "segments", "elements"):
        for child in node.get(key, []):
            _errors(child, where, found)


def validation_errors(data: bytes | str) -> list[str]:
    """pyx12's errors for an 835 file ([] = valid); the refusal a file gets names the first of them."""
    try:
        text = _text(data)
        _check_kind(text)
    except ValidationError as exc:
        return [exc.message]
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    report = io.StringIO()
    quiet = logging.getLogger("pyx12")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # pyx12 logs each error with the value: patient data stays out of our logs
    try:
        ok = pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), fd_997=None,
                                               fd_html=None, fd_json=report)
    except (pyx12.errors.X12Error, pyx12.errors.EngineError) as exc:
        return [f"ISA: {exc}"]
    finally:
        quiet.setLevel(level)
    found: list[str] = []
    if report.getvalue():
        _errors(json.loads(report.getvalue()), "file", found)
    if not ok and not found:
        found.append("pyx12 finds the file invalid (it gives no detail)")
    return found


def _cents(value: str | None, line: int, what: str) -> int:
    if value in (None, ""):
        return 0
    try:
        return int((Decimal(value) * 100).to_integral_value())
    except InvalidOperation:
        raise _refuse(f"line {line}: {what} '{value[:12]}' is not an amount.") from None


def _date(value: str | None) -> date | None:
    if not value or len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _values(seg: Any) -> Callable[[str], str | None]:
    """The segment's values by reference ('02', '01-2') as pyx12's ``get_value`` gives them, read once: its own
    accessor parses the reference on every call, which was most of the walk's time on a 2,000-line file."""
    parts = [[element.get_value() for element in composite.elements] for composite in seg.elements]

    def value(ref: str) -> str | None:
        i = int(ref[:2]) - 1
        k = int(ref[3:]) - 1 if len(ref) > 2 else 0
        if i >= len(parts) or k >= len(parts[i]):
            return None
        if len(ref) == 2 and len(parts[i]) > 1:
            return ":".join(parts[i])
        return parts[i][k] or None

    return value


def _adjustments(v: Callable[[str], str | None], line: int) -> list[Adjustment]:
    """CAS: a group then up to six (reason, amount, quantity) triplets."""
    group = v("01") or ""
    out = []
    for pos in range(2, 20, 3):
        reason = v(f"{pos:02d}")
        if reason:
            out.append(Adjustment(group, reason, _cents(v(f"{pos + 1:02d}"), line, "CAS amount")))
    return out


class _Builder:
    """The segment walk: one open check, claim and line at a time, closed by the next of its kind."""

    def __init__(self) -> None:
        self.checks: list[RemitCheck] = []
        self.check: dict[str, Any] | None = None
        self.claim: dict[str, Any] | None = None
        self.line: dict[str, Any] | None = None
        self.in_payer = False

    def close_line(self) -> None:
        if self.line is not None and self.claim is not None:
            self.claim["lines"].append(RemitLine(**{**self.line, "adjustments": tuple(self.line["adjustments"]),
                                                    "remark_codes": tuple(self.line["remark_codes"])}))
        self.line = None

    def close_claim(self) -> None:
        self.close_line()
        if self.claim is not None and self.check is not None:
            c = self.claim
            lines = tuple(c["lines"])
            first = min((ln.service_date for ln in lines if ln.service_date), default=None)
            self.check["claims"].append(RemitClaim(**{
                **c, "lines": lines, "adjustments": tuple(c["adjustments"]), "remark_codes": tuple(c["remark_codes"]),
                "service_date": c["service_date"] or first}))
        self.claim = None

    def close_check(self) -> None:
        self.close_claim()
        if self.check is not None:
            k = self.check
            self.checks.append(RemitCheck(**{**k, "claims": tuple(k["claims"]),
                                             "provider_adjustments": tuple(k["provider_adjustments"])}))
        self.check = None

    def segment(self, line: int, sid: str, v: Callable[[str], str | None]) -> None:  # noqa: C901 - a branch a kind
        if sid == "ST":
            self.close_check()
            self.check = dict(index=len(self.checks), handling="", paid_cents=0, method="", paid_on=None,
                              trace_number="", originator="", payer_name="", payer_identifier="", payee_name="",
                              payee_npi="", claims=[], provider_adjustments=[])
        elif self.check is None:
            return
        elif sid == "SE":
            self.close_check()
        elif sid == "BPR":
            self.check.update(handling=v("01") or "", paid_cents=_cents(v("02"), line, "BPR02"),
                              method=v("04") or "", paid_on=_date(v("16")))
        elif sid == "TRN":
            self.check.update(trace_number=v("02") or "", originator=v("03") or "")
        elif sid == "N1":
            self.in_payer = v("01") == "PR"
            if self.in_payer:
                self.check.update(payer_name=v("02") or "", payer_identifier=v("04") or "")
            elif v("01") == "PE":
                self.check.update(payee_name=v("02") or "", payee_npi=v("04") if v("03") == "XX" else "")
        elif sid == "REF" and self.in_payer and self.claim is None and v("01") == "2U":
            self.check["payer_identifier"] = self.check["payer_identifier"] or (v("02") or "")
        elif sid == "CLP":
            self.close_claim()
            self.in_payer = False
            self.claim = dict(control_number=v("01") or "", status=v("02") or "",
                              charge_cents=_cents(v("03"), line, "CLP03"), paid_cents=_cents(v("04"), line, "CLP04"),
                              patient_cents=_cents(v("05"), line, "CLP05"), payer_claim_number=v("07") or "",
                              patient_last="", patient_first="", member_id="", service_date=None, adjustments=[],
                              remark_codes=[], interest_cents=0, lines=[], segment_line=line)
        elif sid == "PLB":
            self.close_claim()
            for pos in range(3, 15, 2):
                if v(f"{pos:02d}-1"):
                    self.check["provider_adjustments"].append(ProviderAdjustment(
                        v(f"{pos:02d}-1") or "", v(f"{pos:02d}-2") or "",
                        _cents(v(f"{pos + 1:02d}"), line, "PLB amount")))
        elif self.claim is not None:
            self._claim_segment(line, sid, v)

    def _claim_segment(self, line: int, sid: str, v: Callable[[str], str | None]) -> None:
        claim = self.claim
        assert claim is not None
        if sid == "SVC":
            self.close_line()
            modifiers = tuple(m for m in (v("01-3"), v("01-4"), v("01-5"), v("01-6")) if m)
            self.line = dict(procedure=v("01-2") or "", modifiers=modifiers,
                             charge_cents=_cents(v("02"), line, "SVC02"), paid_cents=_cents(v("03"), line, "SVC03"),
                             units=v("05") or "", service_date=None, allowed_cents=None, adjustments=[],
                             remark_codes=[], control_number="", segment_line=line)
        elif sid == "NM1" and v("01") == "QC":
            claim.update(patient_last=v("03") or "", patient_first=v("04") or "", member_id=v("09") or "")
        elif sid == "CAS":
            (self.line or claim)["adjustments"].extend(_adjustments(v, line))
        elif sid == "MOA":
            claim["remark_codes"].extend(c for c in (v("03"), v("04"), v("05"), v("06"), v("07")) if c)
        elif sid == "DTM":
            if self.line is not None and v("01") in ("472", "150") and self.line["service_date"] is None:
                self.line["service_date"] = _date(v("02"))
            elif self.line is None and v("01") == "232":
                claim["service_date"] = _date(v("02"))
        elif sid == "AMT":
            if self.line is not None and v("01") == "B6":
                self.line["allowed_cents"] = _cents(v("02"), line, "AMT02")
            elif self.line is None and v("01") == "I":
                claim["interest_cents"] = _cents(v("02"), line, "AMT02")
        elif sid == "REF" and self.line is not None and v("01") == "6R":
            self.line["control_number"] = v("02") or ""
        elif sid == "LQ" and self.line is not None and v("01") == "HE":
            self.line["remark_codes"].append(v("02") or "")


def read_835(data: bytes | str) -> Remittance:
    """Validate an 835 file and read it; ValidationError(field 'file') naming the segment and reason otherwise.

    The last few files read are remembered by their digest (the records are immutable), so posting the file
    just previewed does not pay for pyx12's validation, most of the reading time, twice: the same bytes give
    the same verdict and the same records.
    """
    digest = hashlib.sha256(data.encode("latin-1", "replace") if isinstance(data, str) else data).hexdigest()
    with _READ_LOCK:
        known = _READ.get(digest)
    if known is not None:
        return known
    errors = validation_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        message = errors[0] if errors[0].startswith("This file is not") else f"This file is not a valid 835 " \
                                                                                f"remittance: {errors[0]}{more}"
        raise ValidationError("file", message)
    remittance = parse_835(data)
    with _READ_LOCK:
        _READ[digest] = remittance
        while len(_READ) > _READ_KEPT:
            _READ.popitem(last=False)
    return remittance


def parse_835(data: bytes | str) -> Remittance:
    """The records of an 835 already validated (``read_835`` validates first; the benchmark times this alone)."""
    builder = _Builder()
    for line, seg in _segments(_text(data)):
        builder.segment(line, seg.get_seg_id() or "", _values(seg))
    builder.close_check()
    if not builder.checks:
        raise _refuse("it holds no transaction set (ST).")
    return Remittance(tuple(builder.checks))
