"""The pane with the real threaded runner: lists load, problems open the encounter, nothing blocks or leaks."""

from __future__ import annotations

from billui_lib import make_claim
from PySide6.QtWidgets import QApplication

from frontdesk.ui.billing import BillingPane
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner


def test_threaded_runner_loads_pages_and_opens_a_problem(qtbot, practice, data_paths, clinic, biller,
                                                        shown_errors) -> None:  # type: ignore[no-untyped-def]
    ids = [make_claim(biller, clinic, codes=(), lines=()).id for _ in range(3)]
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        ctx = UiContext(practice.db, data_paths, runner)
        ctx.set_actor(clinic.biller)
        pane = BillingPane(ctx)
        qtbot.addWidget(pane)
        pane.claims_page.model.page_size = 2
        pane.claims_page.reload(select_claim=ids[-1])
        qtbot.waitUntil(lambda: pane.claims_page.detail.detail is not None)
        model = pane.claims_page.model
        assert model.total == 3 and model.rowCount() == 2 and model.canFetchMore()
        model.fetchMore()
        qtbot.waitUntil(lambda: model.rowCount() == 3)
        assert sorted(model.claim(n).id for n in range(3)) == sorted(ids)
        detail = pane.claims_page.detail.detail
        pane.show()
        qtbot.waitExposed(pane)
        pane.open_problem(detail, detail.problems[0])
        qtbot.waitUntil(lambda: pane.encounter.detail is not None and QApplication.focusWidget() is not None)
        assert pane.encounter.detail.id == detail.row.encounter_id
        assert QApplication.focusWidget() is pane.encounter.diagnoses.search
        qtbot.waitUntil(lambda: not runner.is_busy())
    finally:
        runner.shutdown()
    assert shown_errors == []
