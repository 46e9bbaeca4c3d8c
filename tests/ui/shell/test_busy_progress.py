"""The busy window shows how far a long start-up step got, reported from the worker thread."""

from __future__ import annotations

import threading

from frontdesk.ui.unlock.busy import BusyWindow, ProgressRelay


def test_progress_reported_from_a_worker_thread_shows_in_the_busy_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = BusyWindow("Building the demo practice. The first time takes about a minute.")
    qtbot.addWidget(window)
    window.show()
    assert window.bar.maximum() == 0 and not window.step.isVisible()  # indeterminate until told
    relay = ProgressRelay()
    relay.progressed.connect(window.set_progress)
    worker = threading.Thread(target=lambda: relay.report(42, 100, "Charging visits (120 of 300 visits)"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: window.step.text() == "Charging visits (120 of 300 visits)")
    assert window.step.isVisible()
    assert (window.bar.value(), window.bar.maximum()) == (42, 100) and window.bar.isTextVisible()
