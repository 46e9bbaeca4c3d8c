"""Reads a CMS/CDC ICD-10-CM order file ("Code Descriptions in Tabular Order", .txt or its .zip), without Qt.

The order file is fixed width, one code per line, in tabular order:
columns 1-5 order number, 7-13 the code without its period, 15 a flag (0 = header, 1 = valid for HIPAA-covered
transactions), 17-76 the short description, 78- the long description (single blanks between the fields).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from frontdesk.codes._icd_data import RawCodeSet
from frontdesk.errors import ValidationError

FIELD = "file"
# A real release holds about 74,000 billable codes and 98,000 lines; far fewer means a partial or wrong file.
MIN_CODES = 50_000
MAX_BYTES = 100_000_000  # the real file is ~12 MB; refuse to read something huge into memory
_LINE_RE = re.compile(r"(\d{5}) ([A-Z0-9 ]{7}) ([01]) (.{60}) (\S.*)")
_CODE_RE = re.compile(r"[A-Z][0-9][0-9A-Z]{1,5}")
# The fiscal year in a file name: icd10cm-order-2027.txt, icd10cm_order_2026.txt, icd10cm-FY2027.txt.
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class OrderRelease:
    """A parsed order file: the code set, and the text it came from (stored as is when imported)."""

    raw: RawCodeSet
    text: bytes
    name: str  # the order file's own name (inside the zip, if it came in one)


def is_order_file_name(name: str) -> bool:
    """icd10cm-order-2027.txt, not the addenda (only the year's changes) that CMS ships in the same zip."""
    base = Path(name).name.lower()
    return "order" in base and base.endswith(".txt") and "addenda" not in base


def fiscal_year_from_name(name: str) -> int | None:
    """The one 4-digit year in a file name (20xx), or None when it has none or several different ones."""
    years = set(_YEAR_RE.findall(Path(name).name))
    return int(years.pop()) if len(years) == 1 else None


def version_label(fiscal_year: int) -> str:
    """'ICD-10-CM FY2027 (CMS order file)'."""
    return f"ICD-10-CM FY{fiscal_year} (CMS order file)"


def _refuse(message: str) -> ValidationError:
    return ValidationError(FIELD, message)


def _read_source(path: Path) -> tuple[str, bytes]:
    """(the order file's name, its bytes) from a .txt or from a .zip holding exactly one *order*.txt."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refuse(f"{path.name} is {size / 1_000_000:,.0f} MB: too big for an ICD-10-CM order file "
                          "(about 12 MB).")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                orders = [i for i in archive.infolist() if not i.is_dir() and is_order_file_name(i.filename)]
                if len(orders) != 1:
                    raise _refuse(f"{path.name} must hold exactly one ICD-10-CM order file (a *order*.txt), "
                                  f"it holds {len(orders)}.")
                if orders[0].file_size > MAX_BYTES:
                    raise _refuse(f"The order file in {path.name} is too big for an ICD-10-CM order file.")
                inner = Path(orders[0].filename).name
                data = archive.read(orders[0])
                # The zip's own name may carry the year when the file inside does not.
                name = inner if fiscal_year_from_name(inner) else path.name
                return name, data
        return path.name, path.read_bytes()
    except ValidationError:
        raise
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:  # RuntimeError: an encrypted zip member
        raise _refuse(f"Cannot read {path.name}: {getattr(exc, 'strerror', None) or exc}.") from exc


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise _refuse(f"{name} is not a text file: choose the ICD-10-CM order file (icd10cm-order-YYYY.txt) "
                      "or the zip that holds it.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older releases were Windows text; codes are ASCII


def parse_order_text(name: str, text: str) -> RawCodeSet:
    """Parse an order file's text; ``name`` gives the fiscal year. ValidationError("file") names the bad line."""
    fiscal_year = fiscal_year_from_name(name)
    if fiscal_year is None:
        raise _refuse(f"The file name {name} does not say its fiscal year (e.g. icd10cm-order-2027.txt); keep "
                      "the name CMS gave it.")
    codes: list[str] = []
    descriptions: dict[str, str] = {}
    billable: set[str] = set()
    previous_order = 0
    match_line = _LINE_RE.fullmatch
    match_code = _CODE_RE.fullmatch
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue  # a blank line (usually the last one) carries nothing
        found = match_line(line.rstrip())
        if found is None:
            raise _refuse(f"Line {number:,} of {name} is not an ICD-10-CM order file line; is this the "
                          "\"Code Descriptions in Tabular Order\" file?")
        order, code_field, flag, _short, long = found.groups()
        code = code_field.rstrip()
        if not match_code(code):
            raise _refuse(f"Line {number:,} of {name}: \"{code_field.strip()[:8]}\" is not an ICD-10-CM code.")
        if int(order) <= previous_order:
            raise _refuse(f"Line {number:,} of {name}: order number {order} does not follow the line before; "
                          "the file is not in tabular order.")
        previous_order = int(order)
        if code in descriptions:
            raise _refuse(f"Line {number:,} of {name}: code {code} appears twice.")
        codes.append(code)
        descriptions[code] = " ".join(long.split())
        if flag == "1":
            billable.add(code)
    if len(codes) < MIN_CODES:
        raise _refuse(f"{name} holds {len(codes):,} codes; a complete ICD-10-CM release holds over "
                      f"{MIN_CODES:,}. Use the complete order file, not a part of it.")
    # Sorted codes put a code right before its subcodes, so one pass finds every billable code with children.
    ordered = sorted(codes)
    line_of = {code: i for i, code in enumerate(codes, 1)}
    for code, following in pairwise(ordered):
        if code in billable and following.startswith(code):
            raise _refuse(f"Line {line_of[code]:,} of {name}: {code} is marked billable but has subcodes "
                          f"(such as {following}); the file is damaged.")
    return RawCodeSet(version_label(fiscal_year), tuple(codes), descriptions, frozenset(billable), fiscal_year)


def read_order_release(path: Path) -> OrderRelease:
    """Read and check an order file (or its zip); ValidationError(field "file") says what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise _refuse(f"{path.name} is a folder: choose the order file (icd10cm-order-YYYY.txt) or its zip.")
    name, data = _read_source(path)
    raw = parse_order_text(name, _decode(name, data))
    return OrderRelease(raw, data, name)


def release_fiscal_year(path: Path) -> int | None:
    """A release file's fiscal year from its name (or its zip member's), without parsing it; None if unknown."""
    year = fiscal_year_from_name(path.name)
    if year is None and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if is_order_file_name(n)]
        except (OSError, zipfile.BadZipFile):
            return None
        year = fiscal_year_from_name(names[0]) if len(names) == 1 else None
    return year
