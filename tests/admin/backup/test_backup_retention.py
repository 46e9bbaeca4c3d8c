"""Retention: 14 daily, 8 weekly, 12 monthly; only files the app made are ever deleted."""

# Fixed dates are data here: retention counts the days that have backups from the times given; it never reads the clock.

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from backup_testlib import practice_key_file

from frontdesk.storage.backup import create_backup
from frontdesk.storage.manifest import Manifest, backup_name, manifest_path_for
from frontdesk.storage.retention import (
    STALE_PARTIAL_SECONDS,
    BackupEntry,
    RetentionPolicy,
    apply_retention,
    list_backups,
    plan_retention,
    remove_stale_partials,
)


def _entries(times: list[datetime], template: Manifest) -> list[BackupEntry]:
    folder = Path("/nowhere")
    return [BackupEntry(folder / backup_name(t), folder / (backup_name(t) + ".json"), t,
                        replace(template, file=backup_name(t))) for t in times]


@pytest.fixture
def template(practice, data_paths, tmp_path) -> Manifest:
    folder = tmp_path / "one"
    folder.mkdir()
    return create_backup(practice.db, practice_key_file(practice, data_paths), folder).manifest


def test_a_year_of_nightly_backups_keeps_14_days_8_weeks_12_months(template) -> None:
    newest = datetime(2026, 11, 27, 18, 0)
    times = [newest - timedelta(days=d) for d in range(400)]
    keep, delete = plan_retention(_entries(times, template))
    kept = [e.when for e in keep]
    assert len(kept) + len(delete) == 400
    days = {t.date() for t in kept}
    assert {(newest - timedelta(days=d)).date() for d in range(14)} <= days  # the last 14 days, every one
    weeks = sorted({tuple(t.isocalendar())[:2] for t in kept}, reverse=True)
    assert len(weeks) >= 8
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    # each kept backup is the newest of its day; beyond the 14 days only week and month ends survive
    assert len(kept) < 14 + 8 + 12
    assert all(e.when < newest - timedelta(days=13) for e in delete)


def test_several_backups_a_day_keep_the_newest_of_each_day(template) -> None:
    base = datetime(2026, 11, 27, 8, 0)
    times = [base + timedelta(hours=h) for h in range(0, 10, 2)] + [base - timedelta(days=1)]
    keep, delete = plan_retention(_entries(times, template))
    assert [e.when for e in keep] == [base + timedelta(hours=8), base - timedelta(days=1)]
    assert len(delete) == 4


def test_counting_is_over_days_that_have_backups_not_the_calendar(template) -> None:
    # a folder left alone since March: its last backups are kept however old they are
    times = [datetime(2026, 3, 1, 18, 0) - timedelta(days=d) for d in range(5)]
    keep, delete = plan_retention(_entries(times, template), RetentionPolicy(daily=3, weekly=0, monthly=0))
    assert len(keep) == 3 and len(delete) == 2


def test_retention_deletes_only_our_backups(practice, data_paths, tmp_path) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    key_file = practice_key_file(practice, data_paths)
    start = datetime(2026, 1, 1, 18, 0)
    for day in range(5):
        create_backup(practice.db, key_file, target, now=start + timedelta(days=day))
    # things that are not backups we made, some with look-alike names
    strangers = {
        "frontdesk-20250101-180000.fdbackup": b"a hand-made copy without a manifest",
        "frontdesk-20250102-180000.fdbackup": b"with a manifest of another format",
        "frontdesk-20250102-180000.fdbackup.json": json.dumps({"format": "something-else"}).encode(),
        "frontdesk-2025-01-03.fdbackup": b"not our naming",
        "notes.txt": b"the practice's own notes",
        "frontdesk.db": b"someone's database",
    }
    for name, data in strangers.items():
        (target / name).write_bytes(data)
    deleted = apply_retention(target, RetentionPolicy(daily=2, weekly=0, monthly=0), db_key=practice.db.key)
    assert deleted == ["frontdesk-20260103-180000.fdbackup", "frontdesk-20260102-180000.fdbackup",
                       "frontdesk-20260101-180000.fdbackup"]
    remaining = sorted(p.name for p in target.iterdir())
    for name, data in strangers.items():
        assert (target / name).read_bytes() == data
    assert [e.path.name for e in list_backups(target)] == ["frontdesk-20260105-180000.fdbackup",
                                                           "frontdesk-20260104-180000.fdbackup"]
    assert len(remaining) == len(strangers) + 4


def test_a_manifest_naming_another_file_does_not_make_a_backup(practice, data_paths, tmp_path) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    real = create_backup(practice.db, practice_key_file(practice, data_paths), target, now=datetime(2026, 1, 1, 18))
    impostor = target / "frontdesk-20200101-000000.fdbackup"
    impostor.write_bytes(b"not a backup")
    manifest_path_for(impostor).write_bytes(real.manifest_path.read_bytes())  # names the real file
    assert [e.path.name for e in list_backups(target)] == [real.path.name]
    apply_retention(target, RetentionPolicy(daily=0, weekly=0, monthly=0), db_key=practice.db.key)
    assert impostor.read_bytes() == b"not a backup"


def test_stale_temporary_files_and_orphan_manifests_are_cleared(practice, data_paths, tmp_path) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    good = create_backup(practice.db, practice_key_file(practice, data_paths), target, now=datetime(2026, 1, 2, 18))
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    stale = target / ".frontdesk-20260101-180000.fdbackup.partial"
    stale.write_bytes(b"half a backup")
    fresh = target / ".frontdesk-20260103-180000.fdbackup.partial"  # a backup running right now
    fresh.write_bytes(b"being written")
    orphan = target / "frontdesk-20260101-170000.fdbackup.json"
    orphan.write_bytes(replace(good.manifest, file="frontdesk-20260101-170000.fdbackup").to_bytes(practice.db.key))
    foreign_partial = target / ".other-app.partial"
    foreign_partial.write_bytes(b"not ours")
    for path in (stale, orphan, foreign_partial, good.path, good.manifest_path):
        os.utime(path, (old, old))
    removed = remove_stale_partials(target)
    assert sorted(removed) == sorted([stale.name, orphan.name])
    assert fresh.exists() and foreign_partial.exists() and good.path.exists() and good.manifest_path.exists()
    assert [e.path.name for e in list_backups(target)] == [good.path.name]
