"""A process killed (SIGKILL) during a backup or a restore: afterwards the old or the new data, never a mix.

Random kills of the real `frontdesk backup` / `frontdesk restore` commands, plus a deterministic
sweep that dies (os._exit, no clean-up) just before each rename, link and delete of a restore.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from backup_testlib import PASSPHRASE, add_filler, add_users, cli_env, folder_hashes, make_practice, run_cli
from forked_runs import ForkedRuns

from frontdesk.services.admin.checks import run_checks
from frontdesk.paths import DataPaths
from frontdesk.services.session import ServiceContext
from frontdesk.storage.backup import create_backup
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.retention import list_backups, remove_stale_partials
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.storage.verify import verify_backup

# Crash loops: marked slow (`-m "not slow"` leaves them out of a quick local run); dev.py test and CI run them.
pytestmark = [pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"), pytest.mark.slow]
ROUNDS = 6


def _kill_after(args: list[str], env: dict[str, str], delay: float) -> int | None:
    """Start ``frontdesk ARGS``, SIGKILL it after ``delay`` seconds; None when it finished first."""
    proc = subprocess.Popen([sys.executable, "-m", "frontdesk", *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
        return None
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        return proc.wait(timeout=30)


def _timed(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = run_cli(env, *args)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def _usernames(paths: DataPaths) -> tuple[frozenset[str], bool]:
    """What a restart finds: opening runs the interrupted-restore recovery first, as the app does."""
    key = unlock_key(paths, KeySource(passphrase=PASSPHRASE))
    db = open_practice_store(paths, key, migrate=False)
    try:
        with db.session(write=False) as session:
            names = frozenset(session.connection().exec_driver_sql("SELECT username FROM app_user").scalars())
        report = run_checks(db)
        # add_filler's test-only table is, rightly, an extra table to `frontdesk check`: anything else is a problem
        problems = [line for line in report.lines if line.startswith("PROBLEM") and "extra table test_filler" not in line]
        return names, not problems
    finally:
        db.close()


@pytest.mark.sqlite_only("kills the process copying the database file, then checks the data folder")
def test_backup_killed_at_random_points(practice, data_paths, tmp_path) -> None:
    add_filler(practice.db, 20)
    target = tmp_path / "backups"
    target.mkdir()
    first = create_backup(practice.db, KeyFile.load(data_paths.key_file), target)
    practice.db.close()
    earlier = {first.path.name: folder_hashes(target)[first.path.name]}
    env = cli_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE)
    args = ["backup", "--data-dir", str(data_paths.root), "--to", str(target), "--keep-all"]
    full = _timed(env, *args)
    rng = random.Random(20261127)
    kills = 0
    for _ in range(ROUNDS):
        time.sleep(1.0)  # a new second: a new backup name each round
        kills += _kill_after(args, env, rng.uniform(0.3 * full, 1.1 * full)) == -signal.SIGKILL
        key = unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
        for entry in list_backups(target):  # whatever carries a final name is complete and verifies
            report = verify_backup(entry.path, entry.manifest, key)
            assert report.ok, (entry.path.name, report.problems)
        names = {p.name for p in target.iterdir()}
        for partial in (n for n in names if n.endswith(".partial")):
            assert partial.startswith(".frontdesk-") and not any(e.path.name == partial for e in list_backups(target))
        assert {n: h for n, h in folder_hashes(target).items() if n in earlier} == earlier
    assert kills >= ROUNDS // 2
    _timed(env, *args)  # the next scheduled run works (it exits 0)
    old = time.time() - 3600
    for path in target.glob(".*.partial"):
        os.utime(path, (old, old))
    remove_stale_partials(target)
    assert not list(target.glob(".*partial"))
    _, healthy = _usernames(data_paths)
    assert healthy


def _states(tmp_path: Path) -> tuple[DataPaths, dict[str, Path], dict[str, frozenset[str]]]:
    """A live practice (template) and two backups to restore: same key, and another installation's key."""
    live = make_practice(tmp_path / "template")
    ctx = ServiceContext(live.db, live.actor)
    add_filler(live.db, 8)
    add_users(ctx, 2, prefix="older")
    (tmp_path / "b").mkdir()
    same = create_backup(live.db, KeyFile.load(live.db.path.parent / "frontdesk.key"), tmp_path / "b")
    add_users(ctx, 2, prefix="newer")
    live.db.close()
    other = make_practice(tmp_path / "other-install")
    add_filler(other.db, 8)
    add_users(ServiceContext(other.db, other.actor), 3, prefix="foreign")
    (tmp_path / "o").mkdir()
    foreign = create_backup(other.db, KeyFile.load(other.db.path.parent / "frontdesk.key"), tmp_path / "o")
    other.db.close()
    template = DataPaths(tmp_path / "template")
    states = {"old": _usernames(template)[0], "same": frozenset({"admin", "oldera", "olderb"}),
              "other": frozenset({"admin", "foreigna", "foreignb", "foreignc"})}
    return template, {"same": same.path, "other": foreign.path}, states


def test_restore_killed_at_random_points(tmp_path) -> None:
    template, backups, states = _states(tmp_path)
    env = cli_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE)
    rng = random.Random(7)
    seen: list[str] = []
    for round_no in range(ROUNDS * 2):
        kind = "same" if round_no % 2 == 0 else "other"
        paths = DataPaths(tmp_path / f"round{round_no}")
        shutil.copytree(template.root, paths.root)
        args = ["restore", str(backups[kind]), "--data-dir", str(paths.root)]
        if round_no < 2:
            full = _timed(env, *args)  # the first two rounds run to the end: how long a restore takes
            names, healthy = _usernames(paths)
            assert names == states[kind] and healthy
            continue
        _kill_after(args, env, rng.uniform(0.3 * full, 1.2 * full))
        names, healthy = _usernames(paths)
        assert healthy
        assert names in (states["old"], states[kind]), f"round {round_no}: a mix {sorted(names)}"
        seen.append("old" if names == states["old"] else "new")
        leftovers = {p.name for p in paths.root.iterdir()} - {"frontdesk.db", "frontdesk.key", "pre-restore",
                                                              "audit-anchor.json"}
        assert leftovers <= {"frontdesk.db-wal", "frontdesk.db-shm"}
    assert len(seen) == ROUNDS * 2 - 2


# Both crashers' power cut: the ``crash_at``-th wrapped call ends the process with no clean-up of any kind.
DYING = """crash_at = int(sys.argv[3])
calls = [0]

def dying(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == crash_at:
            os._exit(9)  # no clean-up of any kind, like a power cut
        return real(*args, **kwargs)
    return call
"""


CRASHER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from frontdesk.paths import DataPaths
    from frontdesk.storage.restore import BackupKeys, restore_practice

    {DYING}

    import frontdesk.storage.swap  # noqa: F401  (loaded before the file operations are wrapped)
    for name in ("replace", "link", "unlink"):
        setattr(os, name, dying(getattr(os, name)))
    restore_practice(DataPaths(Path(sys.argv[1])), Path(sys.argv[2]),
                     BackupKeys(passphrase=os.environ["FD_PASSPHRASE"]))
    print("finished", calls[0])
""").replace("{DYING}\n", DYING)


# The crashers run once per crash point: each run is a process of its own, forked from one that has imported
# the app already (forked_runs.py; start-up and imports were most of each run's CPU time).
PRELOAD = ["frontdesk.paths", "frontdesk.storage.migrate", "frontdesk.storage.restore", "frontdesk.storage.store",
           "frontdesk.storage.swap", "frontdesk.services.admin.backup_jobs"]


@pytest.mark.parametrize("kind", ["same", "other"])
def test_restore_dies_before_each_file_operation(tmp_path, kind) -> None:
    template, backups, states = _states(tmp_path)
    script = tmp_path / "crasher.py"
    script.write_text(CRASHER, encoding="utf-8")
    env = dict(os.environ, FD_PASSPHRASE=PASSPHRASE)
    outcomes = []
    with ForkedRuns(script, env, tmp_path, PRELOAD) as crasher:
        for crash_at in range(1, 60):
            paths = DataPaths(tmp_path / f"{kind}-{crash_at}")
            shutil.copytree(template.root, paths.root)
            done = crasher.run(str(paths.root), str(backups[kind]), str(crash_at))
            names, healthy = _usernames(paths)
            assert healthy
            assert names in (states["old"], states[kind]), f"died at operation {crash_at}: a mix {sorted(names)}"
            outcomes.append("old" if names == states["old"] else "new")
            if done.returncode == 0:
                assert "finished" in done.stdout and outcomes[-1] == "new"
                break
            assert done.returncode == 9, done.stderr[-2000:]
        else:
            pytest.fail("the restore never finished")
    assert "old" in outcomes and "new" in outcomes[:-1]  # crashes landed on both sides of the commit point


# -- finished means recorded: the restore's audit event survives a death at any point after the swap --------

JOB_CRASHER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import frontdesk.services.admin.backup_jobs as jobs
    from frontdesk.paths import DataPaths
    from frontdesk.storage.restore import BackupKeys

    {DYING}

    if crash_at == 0:  # dies right after the swap is complete, before anything else the job does
        swap = jobs.restore_practice

        def swapped_then_dead(*args, **kwargs):
            swap(*args, **kwargs)
            os._exit(9)

        jobs.restore_practice = swapped_then_dead
    else:
        for name in ("replace", "link", "unlink"):
            setattr(os, name, dying(getattr(os, name)))
    report, db = jobs.run_restore_job(DataPaths(Path(sys.argv[1])), Path(sys.argv[2]),
                                      BackupKeys(passphrase=os.environ["FD_PASSPHRASE"]))
    db.close()
    print("finished", calls[0])
""").replace("{DYING}\n", DYING)


def _restore_events(paths: DataPaths) -> list[str]:
    """The backup.restore events the next start finds (opening finishes an interrupted restore first)."""
    from sqlalchemy import select

    from frontdesk.models import AuditEvent

    key = unlock_key(paths, KeySource(passphrase=PASSPHRASE))
    db = open_practice_store(paths, key, migrate=False)
    try:
        with db.session(write=False) as session:
            return list(session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "backup.restore")))
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["same", "other"])
def test_a_restore_killed_after_the_swap_is_recorded_exactly_once(tmp_path, kind) -> None:
    template, backups, states = _states(tmp_path)
    script = tmp_path / "job-crasher.py"
    script.write_text(JOB_CRASHER, encoding="utf-8")
    env = dict(os.environ, FD_PASSPHRASE=PASSPHRASE)
    outcomes = []
    with ForkedRuns(script, env, tmp_path, PRELOAD) as crasher:
        for crash_at in range(0, 60):  # 0: right after the swap; then before each file operation
            paths = DataPaths(tmp_path / f"{kind}-{crash_at}")
            shutil.copytree(template.root, paths.root)
            done = crasher.run(str(paths.root), str(backups[kind]), str(crash_at))
            assert done.returncode in (0, 9), done.stderr[-2000:]
            names, healthy = _usernames(paths)
            assert healthy and names in (states["old"], states[kind]), f"died at {crash_at}: {sorted(names)}"
            events = _restore_events(paths)
            outcomes.append("old" if names == states["old"] else "new")
            if outcomes[-1] == "new":  # the restore happened: it is in the restored trail, once
                assert len(events) == 1, f"died at {crash_at}: {len(events)} backup.restore events"
                assert f"backup={backups[kind].name}" in events[0]
                assert f"key={'kept' if kind == 'same' else 'replaced'}" in events[0]
                assert len(_restore_events(paths)) == 1  # a second start adds nothing
            else:
                assert events == [], f"died at {crash_at}: the old data claims a restore"
            if done.returncode == 0 and crash_at > 0:
                assert "finished" in done.stdout
                break
        else:
            pytest.fail("the restore never finished")
    assert outcomes[0] == "new" and "old" in outcomes and outcomes[-1] == "new"
