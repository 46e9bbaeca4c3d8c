"""Diagnosis codes for the billing screens: search, the code set's status, and importing a newer CMS release."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.codes import icd10cm
from frontdesk.codes._icd_order_file import read_order_release
from frontdesk.codes._icd_releases import IMPORTED, ReleaseInfo, imported_name
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, storage_error_from_os
from frontdesk.models import Claim, Encounter
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext, Tx, _check_permission, operation
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.billing.billing_types import DiagnosisCode
from frontdesk.storage.atomic import replace_durably, stage_file
from frontdesk.storage.private_files import make_private_dir

OPEN_CLAIM_STATUSES = ("draft", "ready", "held")  # not yet sent: their codes can still be changed
SOURCE_TEXT = {"bundled": "bundled with FrontDesk", "imported": "imported by the practice",
               "resources": "from FrontDesk's resources folder"}


@dataclass(frozen=True)
class CodeSetStatus:
    """The ICD-10-CM release in use and whether it still covers today's services."""

    version: str
    fiscal_year: int
    valid_from: date  # 10/01 of the year before the fiscal year
    valid_through: date  # 09/30 of the fiscal year
    source: str  # "bundled", "imported" or "resources"
    stale: bool  # the practice's today is past valid_through
    message: str  # what to do when stale ("" when current)
    problem: str = ""  # a newer release file that could not be read, and why
    late_claims: int = 0  # open claims (draft, ready, held) whose date of service is after valid_through


def _fiscal_year_of(day: date) -> int:
    """The US federal fiscal year a date falls in (FY2027 = 10/01/2026-09/30/2027)."""
    return icd10cm.fiscal_year_of(day)


def _status(release: ReleaseInfo, today: date, late_claims: tuple[int, date | None] = (0, None)) -> CodeSetStatus:
    """``late_claims``: how many open claims have a date of service after the release, and the latest one."""
    fy = release.fiscal_year
    valid_from, valid_through = date(fy - 1, 10, 1), date(fy, 9, 30)
    late, latest = late_claims
    stale = today > valid_through or late > 0
    message = ""
    if stale:
        needed = _fiscal_year_of(max(today, latest or today))
        message = (f"Out of date since {valid_through + timedelta(days=1):%m/%d/%Y}: import the "
                   f"FY{needed} release from CMS (\"Code Descriptions in Tabular Order\", "
                   "the order file or its zip).")
        if late:
            # Their codes can only be checked against this older release; short, to stay on one line at 1366 px.
            message += f" {late} open claim{' is' if late == 1 else 's are'} dated after {valid_through:%m/%d/%Y}."
    return CodeSetStatus(release.version, fy, valid_from, valid_through, release.source, stale, message,
                         release.problem, late)


def _late_claims(session: Session, after: date) -> tuple[int, date | None]:
    """Open claims (not yet sent) with a date of service after ``after``: their count and the latest date."""
    count, latest = session.execute(
        select(func.count(Claim.id), func.max(Encounter.service_date))
        .join(Encounter, Encounter.id == Claim.encounter_id)
        .where(Claim.status.in_(OPEN_CLAIM_STATUSES), Encounter.service_date > after)).one()
    return int(count or 0), latest


@operation(Permission.VIEW_BILLING, write=False)
def search_diagnoses(tx: Tx, text: str, limit: int = 50) -> list[DiagnosisCode]:
    """ICD-10-CM codes by code prefix or by words (see frontdesk.codes.icd10cm.search)."""
    return icd10cm.search(text, limit)


@dataclass(frozen=True)
class TypedDiagnosis:
    """What Enter on typed text means: ``code`` when the text is exactly a code of the release (billable or a
    header), and the codes to choose from otherwise (a header's billable children, or the search results)."""

    code: DiagnosisCode | None
    choices: tuple[DiagnosisCode, ...]

    @property
    def addable(self) -> bool:
        """Only a billable code typed exactly may be added as it is; anything else needs the person's choice."""
        return self.code is not None and self.code.billable


@operation(Permission.VIEW_BILLING, write=False)
def resolve_typed_diagnosis(tx: Tx, text: str, limit: int = 50) -> TypedDiagnosis:
    """The code the person typed, exactly, and what to choose from when it is not one billable code.

    Never picks a code for the person: "E11" is the header E11 with its billable children as choices, and
    words ("diabetes") are no code at all, with the search results as choices.
    """
    code = icd10cm.lookup(text.strip()) if isinstance(text, str) and text.strip() else None
    if code is not None and code.billable:
        return TypedDiagnosis(code, ())
    if code is not None:
        return TypedDiagnosis(code, tuple(icd10cm.billable_under(code.code, limit)))
    return TypedDiagnosis(None, tuple(icd10cm.search(text, limit)))


@operation(Permission.VIEW_BILLING, write=False)
def diagnosis_code_set(tx: Tx) -> str:
    """The code set's version label, e.g. "ICD-10-CM FY2026 (April 1, 2026 update)"."""
    return icd10cm.code_set_version()


@operation(Permission.VIEW_BILLING, write=False)
def code_set_status(tx: Tx) -> CodeSetStatus:
    """The release in use, the dates of service it covers, and whether it is stale: the practice's today or an
    open claim's date of service is past its last day."""
    release = icd10cm.current_release()
    return _status(release, practice_today(tx.session), _late_claims(tx.session, date(release.fiscal_year, 9, 30)))


def _permission_first(permission: Permission) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the permission in a short read transaction, then run the body outside any transaction.

    Parsing a release takes about a second: holding the write lock that long would stall every screen.
    """

    def decorate(body: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(body)
        def run(ctx: ServiceContext, /, *args: Any, **kwargs: Any) -> Any:
            with ctx.db.session(write=False) as session:
                _check_permission(session, ctx.actor, permission)
            return body(ctx, *args, **kwargs)

        run.__fd_permission__ = permission  # type: ignore[attr-defined]
        run.__fd_write__ = True  # type: ignore[attr-defined]
        return run

    return decorate


def _stage(final: Path, data: bytes) -> Path:
    """The release written to a temp file beside its final place and flushed to disk (renamed later)."""
    try:
        make_private_dir(final.parent)  # code-sets/ in the data folder: owner-only like all of it
    except OSError as exc:
        raise storage_error_from_os(exc, f"the folder {final.parent}") from exc
    return stage_file(final, data, what="the code set file")  # 0o600, the writer's default


@operation(Permission.MANAGE_BILLING_SETTINGS)
def _record_import(tx: Tx, staged: Path, final: Path, summary: str) -> None:
    """The audit event and the rename into place in one step: the rename comes last, so a failed audit
    leaves no file, and the caller removes the file if the commit itself fails."""
    tx.audit("code_set.imported", entity_type="code_set", entity_id="icd10cm", detail=summary)
    replace_durably(staged, final, what=f"the code set file {final.name}")


@_permission_first(Permission.MANAGE_BILLING_SETTINGS)
def import_icd10cm_release(ctx: ServiceContext, path: str | os.PathLike[str],
                           data_folder: str | os.PathLike[str]) -> CodeSetStatus:
    """Import a CMS ICD-10-CM order file (or its zip) into the practice's ``data_folder`` and switch to it.

    Checked completely first (ValidationError "file"); a release not newer than the one in use is refused
    (ConflictError). Nothing changes when anything fails. Audited with the version, never the file's contents.
    """
    release = read_order_release(Path(path))
    raw = release.raw
    folder = DataPaths(Path(data_folder)).code_sets_dir
    icd10cm.use_release_folder(folder)  # compare with what this practice uses (a no-op once the app set it)
    current = icd10cm.current_release()
    if raw.fiscal_year <= current.fiscal_year:
        raise ConflictError(f"{raw.version} is not newer than the code set in use ({current.version}); "
                            "import a later fiscal year's release.", field="file")
    final = folder / imported_name(raw.fiscal_year)
    staged = _stage(final, release.text)
    summary = f"{raw.version}, {len(raw.codes):,} codes ({len(raw.billable):,} billable)"
    try:
        _record_import(ctx, staged, final, summary)
    except BaseException:
        if staged.exists():
            staged.unlink()
        else:
            final.unlink(missing_ok=True)  # renamed, then the commit failed: undo the rename too
        raise
    info = ReleaseInfo(raw.version, raw.fiscal_year, IMPORTED, final)
    icd10cm.install(raw, info, folder)
    if ctx.notify is not None:  # only now: screens that refresh must see the new release, not the old one
        ctx.notify(frozenset({"code_sets"}))
    with ctx.db.session(write=False) as session:
        return _status(info, practice_today(session), _late_claims(session, date(info.fiscal_year, 9, 30)))

