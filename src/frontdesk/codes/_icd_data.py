"""Reads the ICD-10-CM release bundled in the simple-icd-10-cm package (code list + tabular XML), without Qt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

_PACKAGE = "simple_icd_10_cm"
_CODE_RE = re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$")  # a category (3 characters) or a subcode, no period
_TABULAR_RE = re.compile(r"^icd10c?-tabular-(?P<month>[A-Za-z]+)-(?P<day>\d{1,2})-(?P<year>\d{4})\.xml$")


@dataclass(frozen=True)
class RawCodeSet:
    """What the release holds: codes in tabular order with their descriptions and the version label."""

    version: str
    codes: tuple[str, ...]  # no periods, in the release's own (tabular) order
    descriptions: dict[str, str]
    billable: frozenset[str]
    fiscal_year: int = 0  # the US fiscal year the release is for (FY2026 = services 10/01/2025-09/30/2026)


def data_dir() -> Path:
    """The package's data folder, found without importing the package (its import parses the whole XML)."""
    spec = find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the simple-icd-10-cm package (the bundled ICD-10-CM release) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise RuntimeError(f"expected one {pattern} in {folder}, found {len(found)}")
    return found[0]


def bundled_fiscal_year() -> int:
    """The bundled release's fiscal year, read from the head of its tabular XML (no full parse)."""
    tabular = _one(data_dir(), "icd10c*-tabular-*.xml")
    with tabular.open(encoding="utf-8") as handle:
        head = handle.read(4096)
    match = re.search(r"<version>\s*(\d{4})\s*</version>", head)
    if match is None:
        raise RuntimeError(f"no <version> in the head of {tabular.name}")
    return int(match[1])


def _version_label(tabular: Path, root: ET.Element) -> str:
    """"ICD-10-CM FY2026 (April 1, 2026 update)": the fiscal year from the XML, the release date from its name."""
    fiscal_year = (root.findtext("version") or "").strip()
    label = f"ICD-10-CM FY{fiscal_year}" if fiscal_year else "ICD-10-CM"
    match = _TABULAR_RE.match(tabular.name)
    if match:
        label += f" ({match['month'].capitalize()} {int(match['day'])}, {match['year']} update)"
    return label


def _walk(node: ET.Element, inherited: dict[str, str], out: dict[str, str],
          seventh: dict[str, dict[str, str]]) -> None:
    """Record every <diag>'s description; remember the 7th-character table that applies to each leaf."""
    own = node.find("sevenChrDef")
    table = inherited
    if own is not None:
        table = {ext.get("char", ""): (ext.text or "").strip() for ext in own.findall("extension")}
    children = node.findall("diag")
    name = node.findtext("name")
    if name is not None:
        code = name.strip().replace(".", "")
        out[code] = " ".join((node.findtext("desc") or "").split())
        if not children and table:
            seventh[code] = table
    for child in children:
        _walk(child, table, out, seventh)


def _extended_description(code: str, descriptions: dict[str, str], seventh: dict[str, dict[str, str]]) -> str:
    """A 7-character code's description: its parent's words plus the 7th character's meaning.

    The release spells out only the 6-character leaves and their 7th-character table; a shorter leaf is padded
    with placeholder Xs (W00.0XXA belongs to W00.0), so trailing Xs are stripped until a described leaf is found.
    """
    stem = code[:6]
    while stem and stem not in seventh:
        if not stem.endswith("X"):
            break
        stem = stem[:-1]
    table = seventh.get(stem, {})
    base = descriptions.get(stem, "")
    meaning = table.get(code[6:], "")
    return f"{base}, {meaning}" if base and meaning else base or meaning


def read_release() -> RawCodeSet:
    """Parse the bundled release (about a second); callers cache the result."""
    folder = data_dir()
    code_list = _one(folder, "code-list-*.txt")
    tabular = _one(folder, "icd10c*-tabular-*.xml")
    codes = [line.strip() for line in code_list.read_text(encoding="utf-8").splitlines()]
    # The list also holds chapters ("1") and blocks ("A00-A09"); they are not codes.
    # A few blocks share their only category's name (block B20 holds code B20): keep each code once.
    codes = list(dict.fromkeys(c for c in codes if _CODE_RE.match(c)))
    root = ET.parse(tabular).getroot()
    descriptions: dict[str, str] = {}
    seventh: dict[str, dict[str, str]] = {}
    for chapter in root.findall("chapter"):
        for section in chapter.findall("section"):
            for diag in section.findall("diag"):
                _walk(diag, {}, descriptions, seventh)
    for code in codes:
        if code not in descriptions:
            descriptions[code] = _extended_description(code, descriptions, seventh)
    # The list is in tabular order, so a code is a header exactly when the next code extends it.
    billable = {c for c, nxt in zip(codes, codes[1:] + [""]) if not nxt.startswith(c)}
    fiscal_year = int((root.findtext("version") or "0").strip() or 0)
    return RawCodeSet(_version_label(tabular, root), tuple(codes), descriptions, frozenset(billable), fiscal_year)
