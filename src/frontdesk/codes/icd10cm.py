"""ICD-10-CM diagnosis codes: lookup, validation (unknown and header codes refused) and fast search.

One index per process, from the newest release available (see _icd_releases): the practice's imported CMS
order file, one dropped in the app's resources/icd10cm, or the one in the simple-icd-10-cm package.
A claim is checked against the release in force on its date of service (a fiscal year runs 10/01 to 09/30):
an older installed release is read on first need (codes only, no search index) and kept.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

from frontdesk.codes._icd_data import RawCodeSet, read_release
from frontdesk.codes._icd_index import DiagnosisCode, IcdIndex, display_code, words_of
from frontdesk.codes._icd_order_file import read_order_release
from frontdesk.codes._icd_releases import (
    BUNDLED,
    Candidate,
    ReleaseInfo,
    candidates,
    load_best,
)
from frontdesk.errors import FrontDeskError, ValidationError

__all__ = ["DiagnosisCode", "ReleaseInfo", "billable_under", "code_set_version", "covers", "current_release",
           "fiscal_year_of", "install", "lookup", "preload", "reload", "search", "use_release_folder",
           "validate_diagnosis"]

# What a code (or the start of one) looks like as typed: "E11", "e11.6", "S52.521A".
_CODE_TEXT_RE = re.compile(r"^[A-Z][0-9][0-9A-Z]{0,5}$")
_MAX_TEXT = 200

_index: IcdIndex | None = None  # replaced whole (one assignment, its release inside), never half switched
_folder: Path | None = None  # the open practice's code-sets folder (its imported releases)
_lock = threading.Lock()
_older: dict[tuple[str, Path], RawCodeSet] = {}  # releases read for older dates of service, by (source, path)


def _load(candidate: Candidate) -> RawCodeSet:
    return read_release() if candidate.source == BUNDLED else read_order_release(candidate.path).raw


def _build() -> IcdIndex:
    raw, info = load_best(_folder, _load)
    return IcdIndex(raw, info)


def _get() -> IcdIndex:
    """The index, built once on first use (about a second); later calls cost one global read."""
    global _index
    index = _index
    if index is None:
        with _lock:
            if _index is None:
                _index = _build()
            index = _index
    return index


def _key(item: Candidate | ReleaseInfo | None) -> tuple[str, Path] | None:
    return None if item is None else (item.source, item.path)


def use_release_folder(folder: Path | None) -> None:
    """Take imported releases from ``folder`` (the open practice's code-sets folder; None for none).

    Cheap (file names only): the index is dropped, to be rebuilt on next use, only when a different release
    would now win, so the app can call this and then preload without parsing twice.
    """
    global _index, _folder
    with _lock:
        _folder = Path(folder) if folder is not None else None
        if _index is not None and _key(candidates(_folder)[0]) != _key(_index.release):
            _index = None


def reload() -> ReleaseInfo:
    """Rebuild the index now from the best release (searches keep using the old one until it is ready)."""
    global _index
    with _lock:
        _index = _build()
        assert _index.release is not None
        return _index.release


def install(raw: RawCodeSet, info: ReleaseInfo, folder: Path) -> None:
    """Switch to a release already parsed (a fresh import into ``folder``), without reading its file again."""
    global _index, _folder
    index = IcdIndex(raw, info)  # built outside the lock: searches go on meanwhile
    index.warm()  # as preload does: no search after the switch waits for a common word's bitset
    with _lock:
        _folder = Path(folder)
        _index = index


def current_release() -> ReleaseInfo:
    """The release in use (its label, fiscal year, source and any problem with a newer one)."""
    release = _get().release
    assert release is not None  # every index built here carries its release
    return release


def preload() -> None:
    """Build the index and its common-word bitsets now (the app calls this on a background thread at start)."""
    _get().warm()


def _all_codes() -> list[str]:
    """Every code of the release (no periods); for the benchmark's floor, not for the app."""
    return list(_get().by_code)


def code_set_version() -> str:
    """The release in use, e.g. "ICD-10-CM FY2026 (April 1, 2026 update)"."""
    return _get().version


def normalize(code: str) -> str:
    """" e11.9 " -> "E119": upper case, no spaces, no period."""
    return "".join(code.split()).replace(".", "").upper()


def lookup(code: str) -> DiagnosisCode | None:
    """The code (with or without its period, any case) or None when the release does not have it."""
    if not isinstance(code, str):
        return None
    return _get().lookup(normalize(code))


def billable_under(code: str, limit: int = 50) -> list[DiagnosisCode]:
    """The billable codes under a header, in code order ("E11" -> E11.00, E11.01, ...); [] for a billable code."""
    return _get().billable_under(normalize(code), limit) if isinstance(code, str) and limit > 0 else []


def fiscal_year_of(day: date) -> int:
    """The US federal fiscal year a date falls in, which names the ICD-10-CM release (FY2027 = 10/01/2026-09/30/2027)."""
    return day.year + 1 if day.month >= 10 else day.year


def covers(day: date) -> bool:
    """Whether an installed release is in force on ``day`` (the one in use or an older one in the folders)."""
    year = fiscal_year_of(day)
    return year == current_release().fiscal_year or any(c.fiscal_year == year for c in candidates(_folder))


def _older_release(day: date) -> RawCodeSet | None:
    """The installed release in force on ``day`` when it is not the one in use (None: use the index)."""
    year = fiscal_year_of(day)
    if year == current_release().fiscal_year:
        return None
    for candidate in candidates(_folder):
        if candidate.fiscal_year != year:
            continue
        key = (candidate.source, candidate.path)
        raw = _older.get(key)
        if raw is None:
            try:
                raw = _load(candidate)
            except FrontDeskError:
                continue  # unreadable: the next candidate of that year, else the release in use
            _older[key] = raw  # one assignment: a race only reads the same file twice
        return raw
    return None


def _validate_in(raw: RawCodeSet, text: str, field: str, day: date) -> DiagnosisCode:
    code = normalize(text)
    shown = display_code(code) if len(code) <= 7 else text[:12] + "..."
    if code not in raw.descriptions:
        raise ValidationError(field, f"{shown} is not an ICD-10-CM code in {raw.version}, the release in force on "
                                     f"the date of service {day:%m/%d/%Y}.")
    if code not in raw.billable:
        raise ValidationError(field, f"{shown} is a header in {raw.version} (in force on {day:%m/%d/%Y}), not "
                                     "billable: claims need a more specific code under it.")
    return DiagnosisCode(code, display_code(code), raw.descriptions[code], True)


def validate_diagnosis(code: str, field: str = "diagnosis", *, on: date | None = None) -> DiagnosisCode:
    """A billable code, or ValidationError(field) saying why not (unknown, or a header with subcodes).

    ``on``: the date of service; the code must also be billable in an older installed release in force then.
    """
    text = code.strip() if isinstance(code, str) else ""
    if not text:
        raise ValidationError(field, "Type a diagnosis code (ICD-10-CM), for example E11.9.")
    older = _older_release(on) if on is not None else None
    if older is not None:
        return _validate_in(older, text, field, on)  # type: ignore[arg-type]
    index = _get()
    found = index.lookup(normalize(text))
    if found is None:
        shown = text if len(text) <= 12 else text[:12] + "..."
        raise ValidationError(field, f"{shown} is not an ICD-10-CM code in {index.version}. "
                                     "Check it, or search the code set by words.")
    if not found.billable:
        examples = ", ".join(d.display_code for d in index.billable_under(found.code, 3))
        raise ValidationError(
            field, f"{found.display_code} ({found.description}) is a header, not billable: claims need a more "
                   f"specific code under it, such as {examples}.")
    return found


def search(text: str, limit: int = 50) -> list[DiagnosisCode]:
    """Codes by code prefix ("E11", "e11.6") or by words ("diab type 2 kidney": each word starts a word
    of the description, any order). Billable codes first, then shorter codes, then by code."""
    if not isinstance(text, str) or limit <= 0:
        return []
    text = text.strip()[:_MAX_TEXT]
    if not text:
        return []
    index = _get()
    compact = normalize(text)
    if _CODE_TEXT_RE.match(compact):
        found = index.codes_starting(compact, limit)
        if found:
            return found
    words = words_of(text)
    if not words:
        return []
    return index.search_words(words, limit)
