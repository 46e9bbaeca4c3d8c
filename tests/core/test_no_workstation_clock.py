"""The workstation's clock and zone stay out of the app: every 'today' and shown time is the practice's.

A front-desk PC may be set to any zone (UTC, the owner's home zone...); the practice's zone is the one
its day runs on. So the code reads ``schedule_time.utc_now()`` and converts with the practice's zone
(``PracticeClock``, ``practice_today(session)``, ``format_datetime(value, tz)``), never the calls below.
"""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "frontdesk"

# Calls that read the workstation's date, time or zone.
WORKSTATION_CLOCK = re.compile(
    r"\bdate\.today\(|\bdatetime\.(?:now|today)\(\s*\)|\bdatetime\.today\(|\.astimezone\(\s*(?:None|tz=None)?\s*\)"
    r"|\btime\.localtime\b|\blocaltime\(|\btime\.ctime\(|\bQDate\.currentDate\(|\bQDateTime\.currentDateTime\("
    r"|\bQTime\.currentTime\(")

# The real exceptions, each with its reason: (path under src/frontdesk, the line's code).
ALLOWED = {
    # A backup file is named after the workstation's clock like every other file on that disk (what the
    # person sees in their file manager); the time inside it is UTC and is shown in the practice's zone.
    ("storage/backup.py", "when = (now or datetime.now()).astimezone()"),
    # The folder a restore sets the old data aside in: a unique name on this disk, never shown as a time.
    ("storage/swap.py", 'return datetime.now().strftime("%Y%m%d-%H%M%S-%f")'),
}


def _hits() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = text.split("#", 1)[0].strip()
            if WORKSTATION_CLOCK.search(code):
                found.append((path.relative_to(SOURCE).as_posix(), number, code))
    return found


def test_nothing_reads_the_workstation_clock_or_zone() -> None:
    stray = [f"{path}:{number}: {code}" for path, number, code in _hits() if (path, code) not in ALLOWED]
    assert not stray, "use the practice's clock (schedule_time.utc_now + the practice zone) instead:\n" + \
        "\n".join(stray)


def test_every_allowed_exception_still_exists() -> None:
    """An allow-list entry whose line is gone would silently allow the call somewhere else later."""
    present = {(path, code) for path, _number, code in _hits()}
    assert ALLOWED <= present, sorted(ALLOWED - present)


def test_the_guard_catches_each_call() -> None:
    """The pattern itself: each workstation call is caught; the practice's clock and UTC instants are not."""
    for bad in ("date.today()", "datetime.now()", "datetime.today()", "value.astimezone()", "x.astimezone(None)",
                "time.localtime()", "QDate.currentDate()", "QDateTime.currentDateTime()", "QTime.currentTime()"):
        assert WORKSTATION_CLOCK.search(bad), bad
    for good in ("st.utc_now()", "datetime.now(UTC)", "value.astimezone(tz)", "uictx.clock.today()",
                 "practice_today(tx.session)", "self.clock.now()"):
        assert not WORKSTATION_CLOCK.search(good), good
