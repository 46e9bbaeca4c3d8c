"""Where ICD-10-CM releases come from (practice imports, the app's resources, the package) and which one wins."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from frontdesk.codes._icd_data import RawCodeSet, bundled_fiscal_year, data_dir
from frontdesk.codes._icd_order_file import release_fiscal_year
from frontdesk.errors import FrontDeskError
from frontdesk.paths import resources_dir

log = logging.getLogger(__name__)

BUNDLED, RESOURCES, IMPORTED = "bundled", "resources", "imported"
# On a tie of fiscal years the practice's own import beats a file dropped in resources/, which beats the package.
_PRIORITY = {BUNDLED: 0, RESOURCES: 1, IMPORTED: 2}
IMPORTED_PATTERN = "icd10cm-FY*.txt"


def imported_name(fiscal_year: int) -> str:
    """The name an imported release is stored under in the practice's code-sets folder."""
    return f"icd10cm-FY{fiscal_year}.txt"


def resources_folder() -> Path:
    """The app's resources/icd10cm folder (the installer bundles resources/; tests replace this)."""
    return resources_dir() / "icd10cm"


@dataclass(frozen=True)
class Candidate:
    """A release that could be loaded, known from its name alone (nothing parsed yet)."""

    fiscal_year: int
    source: str
    path: Path


@dataclass(frozen=True)
class ReleaseInfo:
    """The release in use: its label, fiscal year, where it came from; ``problem`` tells of a newer one that
    could not be read (so the practice knows why an import seems ignored)."""

    version: str
    fiscal_year: int
    source: str
    path: Path
    problem: str = ""


def _files_with_year(folder: Path | None, patterns: tuple[str, ...], source: str) -> list[Candidate]:
    if folder is None or not folder.is_dir():
        return []
    found = []
    for pattern in patterns:
        for path in folder.glob(pattern):
            if "addenda" in path.name.lower():
                continue  # the year's changes only, not a complete release
            year = release_fiscal_year(path) if path.is_file() else None
            if year is not None:
                found.append(Candidate(year, source, path))
    return found


def candidates(imported_folder: Path | None) -> list[Candidate]:
    """Every known release, best first: the newest fiscal year, then imported > resources > bundled."""
    found = _files_with_year(imported_folder, (IMPORTED_PATTERN,), IMPORTED)
    found += _files_with_year(resources_folder(), ("*order*.txt", "*.zip"), RESOURCES)
    found.append(Candidate(bundled_fiscal_year(), BUNDLED, data_dir()))
    return sorted(found, key=lambda c: (c.fiscal_year, _PRIORITY[c.source], c.path.name), reverse=True)


def load_best(imported_folder: Path | None,
              loader: Callable[[Candidate], RawCodeSet]) -> tuple[RawCodeSet, ReleaseInfo]:
    """The best release that reads; a damaged newer file is skipped (billing must never stop), and said."""
    problems: list[str] = []
    for candidate in candidates(imported_folder):
        try:
            raw = loader(candidate)
        except FrontDeskError as exc:
            if candidate.source == BUNDLED:
                raise
            # The file name and reason only: a code set holds no PHI, but logs stay terse anyway.
            log.warning("ICD-10-CM release %s skipped: %s", candidate.path.name, exc)
            problems.append(f"{candidate.path.name} (FY{candidate.fiscal_year}) could not be used: {exc}")
            continue
        info = ReleaseInfo(raw.version, raw.fiscal_year or candidate.fiscal_year, candidate.source,
                           candidate.path, " ".join(problems))
        return raw, info
    raise RuntimeError("no ICD-10-CM release could be loaded")  # unreachable: the bundled one raises above
