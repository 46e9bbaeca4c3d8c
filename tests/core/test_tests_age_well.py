"""Tests that age well: no unit test asserts a duration (speed lives in `frontdesk bench`), and no test uses a
literal calendar date near today (a "future" date that becomes the past) without freezing the clock.

A test that booked an outside appointment on 12/03/2026 with the real clock passed for a week and then
failed for ever; a test asserting a 0.1 s limit failed on a busy machine. This file reads every test's
source (with ``ast``) and names the offending lines.
"""

from __future__ import annotations

import ast
import functools
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve()

@functools.lru_cache(maxsize=None)
def _parse(source: str) -> ast.Module:
    """Each source parsed once per test process: the checks walk every test file twice and the conftests and
    helper modules once per test file that may use them (the trees are only read)."""
    return ast.parse(source)


# --- (a) durations -------------------------------------------------------------------------------------------

CLOCK_CALLS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time", "time", "time_ns"}
DURATION_NAME = re.compile(r"(elapsed|duration|took|seconds_taken|slowest|perf_counter|monotonic)", re.I)
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _reads_clock(node: ast.AST) -> bool:
    """A call of time.perf_counter()/monotonic()/time() (or a bare perf_counter()) anywhere inside."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            if isinstance(func, ast.Attribute) and func.attr in CLOCK_CALLS and func.attr != "time":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "time" and isinstance(func.value, ast.Name) \
                    and func.value.id in ("time", "wall", "_time"):
                return True
            if isinstance(func, ast.Name) and func.id in CLOCK_CALLS - {"time"}:
                return True
    return False


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
        {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def duration_asserts(source: str) -> list[int]:
    """Line numbers of asserts that order a duration (``assert elapsed < 0.2``, ``assert took <= limit``...).

    A duration is a name that reads like one, or a value computed (even a few assignments away) from a
    wall-clock reading in the same function."""
    tree = _parse(source)
    found: list[int] = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]:
        timed: set[str] = set()
        body = list(ast.walk(scope))
        for _ in range(3):  # started = perf_counter(); elapsed = perf_counter() - started; ms = elapsed * 1000
            for node in body:
                if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
                    if _reads_clock(node.value) or _names(node.value) & timed:
                        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                        timed |= {t.id for target in targets for t in ast.walk(target) if isinstance(t, ast.Name)}
        for node in body:
            if not isinstance(node, ast.Assert):
                continue
            for compare in (n for n in ast.walk(node.test) if isinstance(n, ast.Compare)):
                sides = [compare.left, *compare.comparators]
                # A limit is an upper bound: "duration < x" or "x > duration" ("duration_ms > 0" says it was
                # recorded, which a busy machine cannot break).
                bounded = [sides[i] if isinstance(op, ast.Lt | ast.LtE) else sides[i + 1]
                           for i, op in enumerate(compare.ops) if isinstance(op, ORDERING)]
                if any(_is_duration(side, timed) for side in bounded):
                    found.append(node.lineno)
                    break
    return sorted(set(found))


def _is_duration(node: ast.AST, timed: set[str]) -> bool:
    names = _names(node)
    return _reads_clock(node) or bool(names & timed) or any(DURATION_NAME.search(n) for n in names)


# --- (b) literal dates near today without a frozen clock ---------------------------------------------------

SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# What freezes the services' clock (the one clock tests patch) in a file: a monkeypatch of utc_now.
FREEZES = re.compile(r"""setattr\(\s*[\w.]+\s*,\s*["']utc_now["']|setattr\(\s*["'][\w.]*utc_now["']"""
                     r"""|\butc_now\s*=(?!=)""")


def real_today() -> date:
    """The real date, on purpose: this check is about the real calendar moving on (tests freeze theirs)."""
    return date.fromtimestamp(time.time())


def near_today(day: date, today: date) -> bool:
    """Within two years before today, or any time after it: a date whose meaning changes as time passes."""
    return day >= date(today.year - 2, today.month, min(today.day, 28))


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def literal_dates(source: str) -> Iterator[tuple[int, date]]:
    """(line, date) for ``date(Y, M, D)``/``datetime(Y, M, D, ...)`` calls and "MM/DD/YYYY" or "YYYY-MM-DD" text."""
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            args = node.args[:3]
            if name in ("date", "datetime") and len(args) == 3 and all(
                    isinstance(a, ast.Constant) and type(a.value) is int for a in args):
                day = _date(*(a.value for a in args))  # type: ignore[attr-defined]
                if day is not None:
                    yield node.lineno, day
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for m in SLASH_DATE.finditer(node.value):
                day = _date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
                if day is not None:
                    yield node.lineno, day
            for m in ISO_DATE.finditer(node.value):
                day = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if day is not None:
                    yield node.lineno, day


# A file whose literal dates never meet the clock (they are formatted, or passed with their own "today")
# says so, with the reason, in a comment: a reviewer reads the reason.
DATES_ARE_DATA = re.compile(r"^# Fixed dates are data here: (\S+(?: \S+){5,})", re.M)


@functools.lru_cache(maxsize=None)
def _fixtures(source: str) -> dict[str, tuple[set[str], bool, bool]]:
    """Each function in a conftest: name -> (its parameters, whether its body patches the clock, autouse).
    Cached (read, never changed, by the callers): every test file below a conftest asks for it."""
    found = {}
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.FunctionDef):
            autouse = any(k.arg == "autouse" and getattr(k.value, "value", False) is True
                          for d in node.decorator_list if isinstance(d, ast.Call) for k in d.keywords)
            found[node.name] = ({a.arg for a in node.args.args},
                                bool(FREEZES.search(ast.get_source_segment(source, node) or "")), autouse)
    return found


def _freezing_fixtures(conftests: list[str]) -> tuple[set[str], bool]:
    """(the fixtures that freeze the clock, themselves or through a fixture they take; whether an autouse
    one does)."""
    fixtures: dict[str, tuple[set[str], bool, bool]] = {}
    for text in conftests:
        for name, spec in _fixtures(text).items():
            fixtures.setdefault(name, spec)  # the nearest conftest wins, as in pytest
    freezing = {name for name, (_, direct, _) in fixtures.items() if direct}
    grew = True
    while grew:
        more = {name for name, (args, _, _) in fixtures.items() if args & freezing} - freezing
        freezing |= more
        grew = bool(more)
    return freezing, any(fixtures[name][2] for name in freezing)


def freezes_clock(source: str, conftests: list[str], helpers: dict[str, str]) -> bool:
    """The file patches utc_now, or takes a fixture from a conftest.py above it that does (or that conftest's
    autouse fixture does), or imports a helper that does from a test-support module; or it says why its
    dates never meet the clock. Fixture names count only where pytest would find them."""
    if FREEZES.search(source) or DATES_ARE_DATA.search(source):
        return True
    tree = _parse(source)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
        {a.arg for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) for a in n.args.args} | \
        {a.value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "usefixtures"
         for a in n.args if isinstance(a, ast.Constant)}  # pytestmark = pytest.mark.usefixtures("frozen_clock")
    freezing, autouse = _freezing_fixtures(conftests)
    if autouse or freezing & used:
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in helpers:
            helper = _fixtures(helpers[node.module])
            if any(helper[alias.name][1] for alias in node.names if alias.name in helper):
                return True
    return False


def unfrozen_dates(source: str, today: date, *, conftests: list[str] | None = None,
                   helpers: dict[str, str] | None = None) -> list[tuple[int, date]]:
    """Literal dates near ``today`` in a test file that does not freeze the clock (empty when it does)."""
    if freezes_clock(source, conftests or [], helpers or {}):
        return []
    return [(line, day) for line, day in literal_dates(source) if near_today(day, today)]


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if p.resolve() != THIS)


def _helpers() -> dict[str, str]:
    """The test-support modules (imported by their bare name, as the tests do): name -> source."""
    return {p.stem: p.read_text(encoding="utf-8") for p in TESTS.rglob("*.py")
            if not p.name.startswith("test_") and p.name != "conftest.py"}


def _conftests(path: Path) -> list[str]:
    found = []
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "conftest.py").exists():
            found.append((folder / "conftest.py").read_text(encoding="utf-8"))
        if folder == TESTS:
            break
    return found


# --- the checks on the real test suite -------------------------------------------------------------------------

def test_no_test_asserts_a_duration() -> None:
    offences = [f"{path.relative_to(TESTS)}:{line}" for path in _test_files()
                for line in duration_asserts(path.read_text(encoding="utf-8"))]
    assert offences == [], "speed belongs in `frontdesk bench`, not in an assert: " + ", ".join(offences)


def test_no_test_uses_a_date_near_today_without_a_frozen_clock() -> None:
    today = real_today()
    helpers = _helpers()
    offences = [f"{path.relative_to(TESTS)}:{line} {day:%m/%d/%Y}" for path in _test_files()
                for line, day in unfrozen_dates(path.read_text(encoding="utf-8"), today,
                                                conftests=_conftests(path), helpers=helpers)]
    assert offences == [], ("freeze the clock (monkeypatch st.utc_now) or make these dates relative to it: "
                            + ", ".join(offences))


# --- the checker catches what it is for (synthetic sources) ----------------------------------------------------

OLD_REFERRAL_FLOW = '''
from datetime import date, time

def test_create_a_referral_and_move_it_through_its_states(qtbot, harness, clinic, monkeypatch, desk) -> None:
    _step(qtbot, monkeypatch, "scheduled", (date(2026, 12, 3), time(10, 30)))
    qtbot.waitUntil(lambda: tab.model.data(tab.model.index(0, 6)) == "12/03/2026 10:30 AM")
'''


def test_the_old_referral_flow_would_have_been_caught_the_week_it_was_written() -> None:
    written = date(2026, 11, 27)
    assert unfrozen_dates(OLD_REFERRAL_FLOW, written) == [(5, date(2026, 12, 3)), (6, date(2026, 12, 3))]
    frozen = OLD_REFERRAL_FLOW.replace("    _step(", '    monkeypatch.setattr(st, "utc_now", lambda: NOW)\n    _step(', 1)
    assert unfrozen_dates(frozen, written) == []
    # A conftest's autouse fixture that freezes it, or a freezing fixture the test takes, count too; a
    # freezing fixture the test does not take does not.
    fixture = "@pytest.fixture{autouse}\ndef {name}(monkeypatch):\n    monkeypatch.setattr(st, 'utc_now', lambda: NOW)\n"
    assert unfrozen_dates(OLD_REFERRAL_FLOW, written,
                          conftests=[fixture.format(autouse="(autouse=True)", name="frozen")]) == []
    assert unfrozen_dates(OLD_REFERRAL_FLOW, written, conftests=[fixture.format(autouse="", name="harness")]) == []
    assert unfrozen_dates(OLD_REFERRAL_FLOW, written, conftests=[fixture.format(autouse="", name="frozen")]) != []
    takes_it = fixture.format(autouse="", name="clock") + "\n@pytest.fixture\ndef harness(clock):\n    return 1\n"
    assert unfrozen_dates(OLD_REFERRAL_FLOW, written, conftests=[takes_it]) == []
    marked = 'pytestmark = pytest.mark.usefixtures("frozen")\n' + OLD_REFERRAL_FLOW
    assert unfrozen_dates(marked, written, conftests=[fixture.format(autouse="", name="frozen")]) == []
    # So does a helper imported from a test-support module that freezes it.
    helper = "def freeze_clock(monkeypatch):\n    monkeypatch.setattr(st, 'utc_now', lambda: NOW)\n"
    imports = "from icd_release_lib import freeze_clock\n" + OLD_REFERRAL_FLOW
    assert unfrozen_dates(imports, written, helpers={"icd_release_lib": helper}) == []
    assert unfrozen_dates(imports, written, helpers={"icd_release_lib": "def freeze_clock():\n    pass\n"}) != []
    # Saying the dates are data takes a reason: a bare marker does not excuse anything.
    assert unfrozen_dates("# Fixed dates are data here: yes\n" + OLD_REFERRAL_FLOW, written) != []
    assert unfrozen_dates("# Fixed dates are data here: formatted only, never compared with today\n"
                          + OLD_REFERRAL_FLOW, written) == []


def test_the_old_referral_flow_is_caught_where_it_lived() -> None:
    """With the real conftests of its folder and the real support modules: its ``clinic`` fixture is not
    another folder's clock-freezing ``clinic``."""
    home = TESTS / "ui" / "desk_referrals" / "test_refui_flow.py"
    assert unfrozen_dates(OLD_REFERRAL_FLOW, date(2026, 11, 27), conftests=_conftests(home), helpers=_helpers())

@pytest.mark.parametrize(("snippet", "caught"), [
    ("d = datetime(2026, 12, 24, 9, 30)", True),
    ("d = dt.date(2027, 1, 5)", True),
    ("typed = '1/5/2030'", True),
    ("row = {'service_date': '2026-03-01'}", True),  # 9 months before: its age changes what it means
    ("dob = date(1980, 1, 1)", False),  # long past: a birth date stays a birth date
    ("old = date(2023, 6, 1)", False),
    ("d = NOW.date() + timedelta(days=7)", False),  # relative: the right way
    ("version = '2.0.1'", False),
])
def test_which_dates_count_as_near_today(snippet: str, caught: bool) -> None:
    assert bool(unfrozen_dates(snippet, date(2026, 12, 7))) is caught


def test_a_duration_assert_is_caught_however_it_is_spelled() -> None:
    source = '''
import time

def test_fast():
    started = time.perf_counter()
    work()
    spent = time.perf_counter() - started
    ms = spent * 1000
    assert ms < 200
    assert done and time.monotonic() - started < 7.5
    assert elapsed <= LIMIT
    assert 0.2 > elapsed

def test_fine():
    started = time.perf_counter()
    assert result.count == 500
    assert later > earlier
    assert len(rows) < 10
    assert drill.duration_ms > 0
'''
    assert duration_asserts(source) == [9, 10, 11, 12]
