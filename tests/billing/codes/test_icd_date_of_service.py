"""Diagnosis codes are checked against the ICD-10-CM release in force on the claim's date of service.

Dates are relative to the bundled release's last day (09/30 of its fiscal year), never literal future dates.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icd_release_lib import (
    ClaimMaker,
    freeze_clock,
    isolate_code_set,
    release_end,
    set_clock,
    write_order_file,
)

from frontdesk.codes import icd10cm
from frontdesk.codes._icd_data import read_release
from frontdesk.paths import DataPaths
from frontdesk.models import Patient
from frontdesk.services.billing import claim_submission, claims, diagnosis_codes
from frontdesk.services.session import ServiceContext


@pytest.fixture(autouse=True)
def resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return isolate_code_set(monkeypatch, tmp_path)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    return freeze_clock(monkeypatch)


@pytest.fixture
def maker(admin_ctx: ServiceContext, billing_ctx: ServiceContext, clock: list[datetime]) -> ClaimMaker:
    return ClaimMaker(admin_ctx, billing_ctx)


def _newer_release(tmp_path: Path, billing_ctx: ServiceContext, data_paths: DataPaths) -> int:
    """Import the synthetic release for the fiscal year after the bundled one; its year."""
    year = icd10cm.current_release().fiscal_year + 1
    source = write_order_file(tmp_path / "downloads", f"icd10cm-order-{year}.txt")
    assert diagnosis_codes.import_icd10cm_release(billing_ctx, source, data_paths.root).fiscal_year == year
    return year


def test_a_date_of_service_after_the_release_warns_and_names_the_import(
        maker: ClaimMaker, billing_ctx: ServiceContext, clock: list[datetime], tmp_path: Path,
        data_paths: DataPaths) -> None:
    end = release_end(icd10cm.current_release().fiscal_year)
    set_clock(clock, end + timedelta(days=20))
    inside = maker.claim(end - timedelta(days=10), ["J069"])
    after = maker.claim(end + timedelta(days=10), ["J069"])
    assert claims.get_claim(billing_ctx, inside).warnings == ()
    detail = claims.get_claim(billing_ctx, after)
    assert detail.row.status == "ready" and detail.problems == ()  # a warning, not a problem: billing goes on
    [warning] = detail.warnings
    assert warning.box == "21" and warning.target.kind == "encounter"
    assert f"date of service {end + timedelta(days=10):%m/%d/%Y}" in warning.message
    assert f"FY{end.year + 1} release" in warning.message and "frontdesk codes import FILE" in warning.message
    _newer_release(tmp_path, billing_ctx, data_paths)
    assert claims.get_claim(billing_ctx, after).warnings == ()


def test_the_fit_and_code_set_warnings_are_in_the_claims_one_list_of_findings_once_each(
        maker: ClaimMaker, admin_ctx: ServiceContext, billing_ctx: ServiceContext, clock: list[datetime]) -> None:
    end = release_end(icd10cm.current_release().fiscal_year)
    set_clock(clock, end + timedelta(days=20))
    claim_id = maker.claim(end + timedelta(days=10), ["J069"])
    patient_id = claims.get_claim(billing_ctx, claim_id).row.patient_id
    # 30 characters for box 5's 28 and box 7's 29 (the patient is the insured): printed abbreviated in both.
    with admin_ctx.db.session(write=True) as session:
        patient = session.get(Patient, patient_id)
        patient.address_line1, patient.address_line2 = "8560 Maple Boulevard", "Suite 856"
    [row] = claims.check_claims(billing_ctx, [claim_id])
    assert row.status == "ready" and row.problem_count == 0  # warnings never block Ready
    detail = claims.get_claim(billing_ctx, claim_id)
    assert detail.problems == () and detail.findings == detail.warnings
    assert list(detail.findings) == claims.claim_problems(billing_ctx, claim_id)  # the same list everywhere
    assert [(f.kind, f.box) for f in detail.findings] == [("warning", "21"), ("warning", "5")]
    code_set, fit = detail.findings
    assert code_set.message.startswith("No installed ICD-10-CM release covers the date of service")
    assert code_set.text == f"Warning, box 21: {code_set.message}"
    assert fit.message == ("Printed abbreviated to fit (28 characters; box 7 too): '8560 MAPLE BLVD STE 856' for "
                           "'8560 MAPLE BOULEVARD SUITE 856'. The record is unchanged.")
    assert fit.text == f"Warning, box 5: {fit.message}"
    assert (fit.target.kind, fit.target.id, fit.target.field) == ("patient", patient_id, "address_line1")
    assert (code_set.target.kind, code_set.target.field, code_set.target.encounter_id) == (
        "encounter", "service_date", detail.row.encounter_id)


def test_each_code_is_checked_against_the_release_in_force_on_its_date(
        maker: ClaimMaker, billing_ctx: ServiceContext, clock: list[datetime], tmp_path: Path,
        data_paths: DataPaths) -> None:
    end = release_end(icd10cm.current_release().fiscal_year)
    set_clock(clock, end + timedelta(days=20))
    bundled = read_release()
    only_in_bundled = next(c for c in reversed(bundled.codes) if c in bundled.billable)  # the synthetic one stops early
    kept = maker.claim(end - timedelta(days=10), [only_in_bundled])
    _newer_release(tmp_path, billing_ctx, data_paths)
    # Valid on its date of service, though no longer in the release in use.
    assert claims.claim_problems(billing_ctx, kept) == []
    new_code_old_date = maker.claim(end - timedelta(days=5), ["U10.1"])
    new_code_new_date = maker.claim(end + timedelta(days=5), ["U10.1"])
    [problem] = claims.claim_problems(billing_ctx, new_code_old_date)
    assert problem.box == "21" and problem.message.startswith("Diagnosis A: U10.1 is not an ICD-10-CM code in")
    assert f"in force on the date of service {end - timedelta(days=5):%m/%d/%Y}" in problem.message
    assert claims.claim_problems(billing_ctx, new_code_new_date) == []
    assert claims.get_claim(billing_ctx, new_code_old_date).row.status == "draft"


def test_printing_from_the_command_line_lists_the_claims_printed_with_a_warning(
        maker: ClaimMaker, billing_ctx: ServiceContext, clock: list[datetime], tmp_path: Path) -> None:
    end = release_end(icd10cm.current_release().fiscal_year)
    set_clock(clock, end + timedelta(days=20))
    inside = maker.claim(end - timedelta(days=10), ["J069"])
    after = maker.claim(end + timedelta(days=10), ["J069"])
    run = claim_submission.print_clean_claims(billing_ctx, str(tmp_path / "claims.pdf"))
    assert run.batch is not None and set(run.batch.claim_ids) == {inside, after} and run.left_out == ()
    [warned] = run.warned
    assert warned.claim_id == after and [box for box, _text in warned.problems] == ["21"]
    assert "frontdesk codes import FILE" in warned.problems[0][1]
