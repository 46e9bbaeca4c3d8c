"""The backup benchmark runs end to end on a small database (the 1 GB run is documented in the README)."""

from __future__ import annotations

import pytest

from frontdesk.bench.backup_cases import RATIO_TARGET, database_bytes, run_backup_cases


@pytest.mark.sqlite_only("measures the page copy of the database file against an OS copy of the file")
def test_backup_cases_measure_against_the_os_copy(practice, data_paths) -> None:
    results = run_backup_cases(data_paths, practice.db, 2, target_mb=3)
    assert database_bytes(practice.db) >= 3_000_000  # grown with synthetic rows first
    by_name = {r.name: r for r in results}
    assert set(by_name) == {"backup_verified", "restore_verified"}
    backup = by_name["backup_verified"]
    assert backup.runs == 2 and backup.baseline_name == "OS file copy + fsync"
    assert backup.median_ms > 0 and backup.baseline_median_ms > 0
    assert abs(backup.target_ms - RATIO_TARGET * backup.baseline_median_ms) < 0.1
    assert backup.extra["database_mb"] >= 3 and backup.extra["verify_phase_ms"] > 0
    assert backup.extra["copy_phase_ms"] + backup.extra["verify_phase_ms"] <= backup.median_ms * 1.5
    leftovers = {p.name for p in data_paths.root.iterdir()}
    assert leftovers <= {"frontdesk.db", "frontdesk.db-shm", "frontdesk.db-wal", "frontdesk.key", "audit-anchor.json"}
