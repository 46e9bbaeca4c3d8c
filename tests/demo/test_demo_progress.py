"""Building the demo practice reports its progress (Qt-free): counts only go up and end at the total."""

from __future__ import annotations

import io
from pathlib import Path

from frontdesk.demo.build import DEMO_STEPS, PROGRESS_TOTAL, READY_TEXT, ensure_demo, print_progress
from frontdesk.paths import DataPaths


def test_building_the_demo_reports_every_step_with_counts_that_only_go_up(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    db, created = ensure_demo(DataPaths(tmp_path / "demo"), patients=15,
                              progress=lambda done, total, text: calls.append((done, total, text)))
    db.close()
    assert created
    dones = [done for done, _, _ in calls]
    assert dones == sorted(dones) and dones[0] == 0
    assert {total for _, total, _ in calls} == {PROGRESS_TOTAL}
    assert calls[-1] == (PROGRESS_TOTAL, PROGRESS_TOTAL, READY_TEXT)
    steps = [text for _, _, text in calls if " (" not in text]
    assert steps == [text.format(patients=15) for _, text, _ in DEMO_STEPS] + [READY_TEXT]
    within_billing = [text for _, _, text in calls if " (" in text]
    assert len(within_billing) >= 10 and within_billing[-1].endswith("of 300 visits)")
    # Opening it again builds nothing and reports nothing.
    again: list[tuple[int, int, str]] = []
    db, created = ensure_demo(DataPaths(tmp_path / "demo"), progress=lambda *call: again.append(call))
    db.close()
    assert not created and again == []


def test_the_terminal_gets_a_line_per_step_and_every_tenth_within_one() -> None:
    out = io.StringIO()
    report = print_progress(out)
    report(0, 100, "Creating the encrypted practice")
    report(29, 100, "Charging visits and sending their claims")
    for made in range(1, 301):
        report(29 + 64 * made // 300, 100, f"Charging visits and sending their claims ({made} of 300 visits)")
    report(100, 100, READY_TEXT)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[  0%] Creating the encrypted practice"
    assert lines[1] == "[ 29%] Charging visits and sending their claims"
    assert lines[-1] == "[100%] The demo practice is ready"
    assert 6 <= len(lines) <= 10  # not one line per visit
