"""The bench's server-mode case runs: refresh latency between two workstations, with its baseline."""

from __future__ import annotations

from frontdesk.bench.pg_refresh_cases import run_pg_refresh_cases


def test_refresh_latency_case_reports_figures_against_its_baseline(pg_server) -> None:  # type: ignore[no-untyped-def]
    assert run_pg_refresh_cases(None, quick=True) == []  # no server named: single-PC benches only
    (case,) = run_pg_refresh_cases(pg_server.url(), quick=True)
    assert case.name == "refresh_latency_two_workstations" and case.runs == 20
    assert case.median_ms > 0 and case.p95_ms >= case.median_ms
    assert case.baseline_median_ms > 0 and case.baseline_name.startswith("bare NOTIFY")
    assert case.target_ms == 2000
