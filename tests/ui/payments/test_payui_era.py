"""Post EOB > Import ERA...: the real page and preview dialog on an encrypted practice with a hand-written 835;
the unmatched ERA claims list: match to a claim, dismiss with a reason."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from eraui_lib import PAID_ON, era_file
from payui_lib import Clinic, Driver
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from frontdesk.domain.formats import format_date
from frontdesk.error_messages import UserMessage
from frontdesk.models import InsurancePayment, Payer
from frontdesk.services.payments import era_import
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.billing.payments.era_claim_pick import ClaimPickDialog
from frontdesk.ui.billing.payments.era_dialog import EraPreviewDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog
from testsupport import practice_today, screenshot_path
from uisupport import notifying, show_active

MATCHED_CLAIM, FALLBACK_CLAIM = 0, 1


@pytest.fixture
def page(qtbot: QtBot, biller_ui: UiContext) -> tuple[EobPage, list[str]]:
    statuses: list[str] = []
    widget = EobPage(biller_ui, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, statuses


@pytest.fixture
def visits(clinic: Clinic):  # type: ignore[no-untyped-def]
    """Avery's claim (the 835 names it by its control number) and Blake's (by patient, date and charge); the
    payer known by the EDI payer ID the 835 gives."""
    with clinic.db.session(write=True) as s:
        s.get(Payer, clinic.payer_id).edi_payer_id = "87726"
    return clinic.visit(clinic.patient("Avery"), (12500, 4000)), clinic.visit(clinic.patient("Blake"), (12500,))


def _choose(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(OpenFilesDialog, "ask", classmethod(lambda cls, parent, caption, flt, kind: list(paths)))


def _payments(db) -> int:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(InsurancePayment)))


def _post(qtbot: QtBot, tick: bool):  # type: ignore[no-untyped-def]
    def drive(dialog: EraPreviewDialog) -> None:
        if tick:
            qtbot.mouseClick(dialog.fallback_boxes[0], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)
    return drive


def test_preview_shows_each_match_the_plb_and_that_the_totals_balance_and_cancel_posts_nothing(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver, qtmodeltester) -> None:
    widget, statuses = page
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    seen: dict[str, object] = {}

    def look(dialog: EraPreviewDialog) -> None:
        qtmodeltester.check(dialog.checks)
        qtmodeltester.check(dialog.claims)
        [row] = dialog.checks.records()
        check = row.check
        seen["counts"] = (check.matched, check.fallback, check.unmatched)
        seen["cells"] = [dialog.checks.index(0, c).data() for c in range(dialog.checks.columnCount())]
        seen["claims"] = [(dialog.claims.index(r, 0).data(), dialog.claims.index(r, 1).data())
                          for r in range(dialog.claims.rowCount())]
        seen["totals"] = dialog.totals.text.text()
        seen["totals_icon"] = dialog.totals.icon.accessibleName()
        seen["plb"] = dialog.plb.text()
        seen["boxes"] = [box.text() for box in dialog.fallback_boxes]
        seen["post"] = (dialog.post_button.isEnabled(), dialog.post_button.text())
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialogs.on(EraPreviewDialog, look)
    qtbot.keyClick(widget, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # Ctrl+I: Import ERA...
    assert len(dialogs.opened) == 1
    assert seen["counts"] == (1, 1, 1)
    assert seen["cells"] == ["blue-prairie.835", "BLUE PRAIRIE HEALTH", "CHK700201", "Check", format_date(PAID_ON),
                             "$302.50", "1 matched, 1 to confirm, 1 unmatched", "Balances", "Ready to post"]
    assert seen["claims"] == [("Matched", f"#{a.claim_id} Avery, Jane"),
                              ("By patient, date and charge: confirm", f"#{b.claim_id} Blake, Jane"),
                              ("Unmatched: to the queue", "")]
    assert seen["totals"] == ("Payment $302.50; claims paid $320.00 - provider adjustments $17.50 = $302.50: "
                              "balances. Interest $2.50.")
    assert seen["totals_icon"] == "Fine"
    assert seen["plb"] == ("Provider adjustments (PLB, on the check): L6 Interest owed (BPH2611200201): $2.50 added "
                           "to the payment; FB Forwarding balance (OVP2610): $20.00 taken off the payment")
    assert len(seen["boxes"]) == 1 and f"claim #{b.claim_id} (Blake, Jane)" in seen["boxes"][0]
    assert seen["post"] == (True, "&Post 1 payment")
    assert _payments(db) == 0 and statuses[-1] == "ERA import cancelled: nothing was posted."
    assert clinic.claim_status(a.claim_id) == "submitted"


def test_post_posts_the_matched_and_the_ticked_claim_and_queues_the_unmatched_one(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, statuses = page
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))

    def by_keyboard(dialog: EraPreviewDialog) -> None:
        dialog.activateWindow()  # as exec() makes it: mnemonics need an active window
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.focusWidget() is dialog.checks_view
        qtbot.keyClick(dialog.checks_view, Qt.Key.Key_Return)  # Enter in a list does not post
        assert dialog.isVisible() and dialog.outcome is None
        qtbot.keyClick(dialog.checks_view, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.claims_view
        qtbot.keyClick(dialog.claims_view, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.fallback_boxes[0]
        qtbot.keyClick(dialog.fallback_boxes[0], Qt.Key.Key_Space)
        assert dialog.fallback_boxes[0].isChecked()
        qtbot.keyClick(dialog.fallback_boxes[0], Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Post
        qtbot.waitUntil(lambda: dialog.outcome is not None)  # a mnemonic clicks the button a moment later

    dialogs.on(EraPreviewDialog, by_keyboard)
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    assert clinic.claim_status(a.claim_id) == "paid" and clinic.claim_status(b.claim_id) == "paid"
    assert statuses[-1] == "ERA posted: 1 check, $302.50; 2 claims posted, 1 to the unmatched queue."
    [posted] = widget.era.last_posted.results
    assert posted.payment.total == Decimal("302.50") and posted.payment.status == "open"  # $80 waits in the queue
    assert widget.payment is not None and widget.payment.id == posted.payment.id  # shown with what it paid
    assert sorted(widget.posted.model.record(r).claim_id for r in range(widget.posted.model.rowCount())) == [
        a.claim_id, b.claim_id]
    assert widget.unmatched.isVisible() and widget.unmatched.model.rowCount() == 1
    assert widget.unmatched.model.record(0).patient_name == "NOBODY, NED"


def test_a_fallback_match_not_ticked_is_not_posted_and_waits_in_the_unmatched_list(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, statuses = page
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))

    def look_then_post(dialog: EraPreviewDialog) -> None:
        assert "1 unticked match will go to the unmatched list" in dialog.summary.text()
        _post(qtbot, tick=False)(dialog)

    dialogs.on(EraPreviewDialog, look_then_post)
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    assert clinic.claim_status(a.claim_id) == "paid" and clinic.claim_status(b.claim_id) == "submitted"
    assert statuses[-1] == "ERA posted: 1 check, $302.50; 1 claim posted, 2 to the unmatched queue."
    names = sorted(widget.unmatched.model.record(r).patient_name for r in range(widget.unmatched.model.rowCount()))
    assert names == ["BLAKE, JANE", "NOBODY, NED"]


def test_the_same_file_again_shows_the_day_it_was_imported_and_cannot_be_posted(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, _statuses = page
    a, _b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    seen: dict[str, object] = {}

    def look(dialog: EraPreviewDialog) -> None:
        seen["state"] = dialog.checks.index(0, 8).data()
        seen["problems"] = dialog.problems.text.text()
        seen["post"] = dialog.post_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialogs.on(EraPreviewDialog, look)
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    day = format_date(practice_today())
    assert seen["state"] == f"Already imported on {day}" and seen["post"] is False
    assert f"Already imported on {day} (check or EFT CHK700201)" in seen["problems"]
    assert _payments(db) == 1


def test_a_check_imported_while_the_preview_was_open_is_refused_with_the_date(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver, biller_ui: UiContext) -> None:
    widget, statuses = page
    a, _b = visits
    path = era_file(tmp_path, db, a)
    _choose(monkeypatch, path)

    def someone_else_posts_it_first(dialog: EraPreviewDialog) -> None:
        era_import.post_era(notifying(biller_ui, biller_ui.actor), path.read_bytes())
        qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)

    dialogs.on(EraPreviewDialog, someone_else_posts_it_first)
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    assert widget.error.isVisible()
    assert f"Already imported on {format_date(practice_today())}" in widget.error.text()
    assert _payments(db) == 1 and not any(s.startswith("ERA posted") for s in statuses)


def test_a_file_that_does_not_balance_or_is_not_an_835_is_shown_and_not_posted(
        qtbot: QtBot, page, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Driver) -> None:
    widget, _statuses = page
    a, _b = visits
    not_835 = tmp_path / "notes.txt"
    not_835.write_text("Dear doctor, here is the remittance.", encoding="ascii")
    unbalanced = era_file(tmp_path, db, a, amount="310")
    copy = tmp_path / "copy.835"
    copy.write_bytes(unbalanced.read_bytes())
    _choose(monkeypatch, unbalanced, not_835, copy)
    seen: dict[str, object] = {}

    def look(dialog: EraPreviewDialog) -> None:
        seen["refused"] = dialog.refused.text.text()
        seen["totals"] = (dialog.checks.index(0, 7).data(), dialog.totals.icon.accessibleName())
        seen["figures"] = dialog.totals.text.text()
        seen["rows"] = dialog.checks.rowCount()
        seen["post"] = dialog.post_button.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialogs.on(EraPreviewDialog, look)
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    notes, again = seen["refused"].split("\n")
    assert notes.startswith("notes.txt: ")
    assert again == "copy.835: The same remittance as blue-prairie.835; it is shown once."
    assert seen["rows"] == 1
    assert seen["totals"] == ("Does not balance", "Warning")
    assert seen["figures"] == ("Payment $310.00; claims paid $320.00 - provider adjustments $17.50 = $302.50: "
                               "does NOT balance. Interest $2.50.")
    assert seen["post"] is False and _payments(db) == 0


def test_the_unmatched_list_matches_one_to_a_claim_and_dismisses_another(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver, qtmodeltester, shown_errors: list[UserMessage]) -> None:
    widget, statuses = page
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=False))
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    section = widget.unmatched
    qtmodeltester.check(section.model)
    rows = {section.model.record(r).patient_name: r for r in range(section.model.rowCount())}
    section.select_row(rows["BLAKE, JANE"])

    def pick(dialog: ClaimPickDialog) -> None:
        assert dialog.search.text() == "Blake"
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # finds Blake's claim and selects it
        assert dialog.selected() is not None and dialog.selected().id == b.claim_id
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(ClaimPickDialog, pick)
    qtbot.keyClick(section.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert clinic.claim_status(b.claim_id) == "paid"
    assert statuses[-1].startswith(f"Unmatched ERA claim posted to claim #{b.claim_id}")
    assert [section.model.record(r).patient_name for r in range(section.model.rowCount())] == ["NOBODY, NED"]

    monkeypatch.setattr(ReasonPromptDialog, "ask", classmethod(lambda cls, parent, *a: "Not our patient"))
    section.select_row(0)
    qtbot.mouseClick(section.dismiss_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Unmatched ERA claim dismissed: Not our patient."
    assert section.model.rowCount() == 0 and not section.isVisible()
    assert shown_errors == []


def test_a_claim_that_does_not_fit_is_refused_in_the_picker_with_the_reason(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, _statuses = page
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=False))
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    section = widget.unmatched
    rows = {section.model.record(r).patient_name: r for r in range(section.model.rowCount())}
    section.select_row(rows["BLAKE, JANE"])
    other = clinic.visit(clinic.patient("Blakeney"), (9900,))  # its one line is $99.00, not the $125.00 paid
    seen: dict[str, object] = {}

    def pick_wrong(dialog: ClaimPickDialog) -> None:
        dialog.search.setText(f"#{other.claim_id}")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
        dialog.reject()

    dialogs.on(ClaimPickDialog, pick_wrong)
    qtbot.mouseClick(section.match_button, Qt.MouseButton.LeftButton)
    assert seen["error"]
    assert clinic.claim_status(other.claim_id) == "submitted" and clinic.claim_status(b.claim_id) == "submitted"
    assert section.model.rowCount() == 2


def test_with_the_threaded_runner_the_import_reads_previews_posts_and_lists_the_unmatched(
        qtbot: QtBot, practice, data_paths, biller_ui: UiContext, clinic: Clinic, visits, db, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, dialogs: Driver, shown_errors: list[UserMessage]) -> None:
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        ctx = UiContext(practice.db, data_paths, runner)
        ctx.set_actor(biller_ui.actor)
        statuses: list[str] = []
        page = EobPage(ctx, statuses.append)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(s.startswith("ERA posted") for s in statuses))
        qtbot.waitUntil(lambda: page.unmatched.model.rowCount() == 1 and page.unmatched.isVisible())
        qtbot.waitUntil(lambda: not runner.is_busy())
    finally:
        runner.shutdown()
    assert len(dialogs.opened) == 1 and clinic.claim_status(b.claim_id) == "paid"
    assert shown_errors == []


def test_the_front_desk_sees_the_unmatched_list_but_cannot_import_match_or_dismiss(
        qtbot: QtBot, biller_ui: UiContext, desk_ui: UiContext, clinic: Clinic, visits, db, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, dialogs: Driver) -> None:
    a, _b = visits
    path = era_file(tmp_path, db, a)
    era_import.post_era(notifying(biller_ui, biller_ui.actor), path.read_bytes())  # the biller imported it
    _choose(monkeypatch, path)
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=False))
    desk_page = show_active(qtbot, EobPage(desk_ui, lambda _text: None), 1366, 700)
    assert not desk_page.import_button.isEnabled()
    qtbot.keyClick(desk_page, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.opened == []
    section = desk_page.unmatched
    assert section.isVisible() and section.model.rowCount() == 2 and section.selected() is not None
    assert not section.match_button.isEnabled() and not section.dismiss_button.isEnabled()
    assert "ask a biller" in section.match_button.toolTip()


def test_an_eob_being_typed_stays_on_the_page_when_an_era_is_posted(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver, biller_ui: UiContext) -> None:
    widget, statuses = page
    a, _b = visits
    other = clinic.visit(clinic.patient("Carver"), (9000,))
    typed = ins.enter_insurance_payment(notifying(biller_ui, biller_ui.actor), clinic.payer_id, kind="check",
                                        number="1042", paid_on=PAID_ON, total="90.00")
    widget.header.set_payment(typed)
    qtbot.keyClicks(widget.search, f"#{other.claim_id}")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    qtbot.keyClick(widget.results_view, Qt.Key.Key_Return)
    assert [box.claim.id for box in widget.boxes] == [other.claim_id]
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    assert statuses[-1].startswith("ERA posted: 1 check")
    assert widget.payment.id == typed.id and [box.claim.id for box in widget.boxes] == [other.claim_id]


def test_the_picker_offers_only_the_remittance_payers_claims(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, _statuses = page
    a, b = visits
    other_payer_claim = clinic.visit(clinic.patient("Blakely"), (12500,)).claim_id
    with db.session(write=True) as s:
        other = Payer(name="Sunrise Mutual", name_key="sunrise mutual", claim_type="group_health_plan")
        s.add(other)
        s.flush()
        other_id = other.id
    clinic.set_claim(other_payer_claim, payer_id=other_id)
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=False))
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    section = widget.unmatched
    rows = {section.model.record(r).patient_name: r for r in range(section.model.rowCount())}
    section.select_row(rows["BLAKE, JANE"])
    assert section.model.record(rows["BLAKE, JANE"]).payer_id == clinic.payer_id
    seen: dict[str, object] = {}

    def look(dialog: ClaimPickDialog) -> None:
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # "Blake" also starts "Blakely", billed to another payer
        seen["found"] = [dialog.results.record(r).id for r in range(dialog.results.rowCount())]
        dialog.reject()

    dialogs.on(ClaimPickDialog, look)
    qtbot.mouseClick(section.match_button, Qt.MouseButton.LeftButton)
    assert seen["found"] == [b.claim_id]


def test_a_dismissed_claims_money_shows_unapplied_on_the_check_which_closes(
        qtbot: QtBot, page, clinic: Clinic, visits, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs: Driver) -> None:
    widget, _statuses = page
    a, _b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))  # Blake's claim posted too: only Ned's stays unmatched
    qtbot.mouseClick(widget.import_button, Qt.MouseButton.LeftButton)
    section = widget.unmatched
    assert [section.model.record(r).patient_name for r in range(section.model.rowCount())] == ["NOBODY, NED"]
    assert widget.payment is not None and widget.payment.status == "open"  # the page shows the check posted
    monkeypatch.setattr(ReasonPromptDialog, "ask", classmethod(lambda cls, parent, *a: "Not our patient"))
    section.select_row(0)
    qtbot.mouseClick(section.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "unapplied / dismissed: Not our patient" in widget.running.text())
    assert widget.payment.status == "closed" and widget.payment.remaining == 0
    assert "closed ($80.00 unapplied / dismissed: Not our patient)" in widget.header.current.text()
    assert "\u2013 balances." in widget.running.text()
    assert "dismissed ERA claims' money (unapplied) add up to the check" in widget.note.text()
    widget.resize(1366, 768)
    widget.grab().save(str(screenshot_path("eob-unapplied.png")))


def _gate(monkeypatch: pytest.MonkeyPatch, service: str, reached: threading.Event,
          go_on: threading.Event) -> None:
    """The service, run by the import's long job, waits after its first progress report until the GUI says so."""
    real = getattr(era_import, service)

    def gated(*args, progress, **kwargs):  # type: ignore[no-untyped-def]
        def report(done: int, total: int) -> None:
            progress(done, total)
            if not reached.is_set():
                reached.set()
                assert go_on.wait(30)
        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(era_import, service, gated)


def _threaded_import(qtbot: QtBot, practice, data_paths, biller_ui: UiContext, reached: threading.Event,
                     go_on: threading.Event) -> tuple[EobPage, list[str]]:  # type: ignore[no-untyped-def]
    """Import ERA on a page with the threaded runner; presses Cancel once the job reached the gate."""
    runner = Runner(ErrorPresenter(), synchronous=False)
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(biller_ui.actor)
    statuses: list[str] = []
    page = EobPage(ctx, statuses.append)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    try:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(reached.is_set)
        qtbot.waitUntil(lambda: page.era.panel.isVisible() and page.era.panel.step.text().endswith(" of 3"))
        page.resize(1366, 768)
        page.grab().save(str(screenshot_path("eob-era-progress.png")))
        qtbot.mouseClick(page.era.panel.cancel_button, Qt.MouseButton.LeftButton)
        go_on.set()
        qtbot.waitUntil(lambda: not runner.is_busy() and not page.era.running())
    finally:
        go_on.set()
        runner.shutdown()
    return page, statuses


def test_import_shows_progress_and_a_cancel_while_reading_posts_nothing(
        qtbot: QtBot, practice, data_paths, biller_ui: UiContext, clinic: Clinic, visits, db, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, dialogs: Driver, shown_errors: list[UserMessage]) -> None:
    a, _b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))
    reached, go_on = threading.Event(), threading.Event()
    _gate(monkeypatch, "preview_era", reached, go_on)
    page, statuses = _threaded_import(qtbot, practice, data_paths, biller_ui, reached, go_on)
    assert statuses[-1] == "ERA import cancelled: nothing was posted."
    assert dialogs.opened == [] and _payments(db) == 0 and not page.era.panel.isVisible()
    assert shown_errors == []


def test_a_cancel_once_posting_has_begun_is_refused_and_the_check_posts_whole(
        qtbot: QtBot, practice, data_paths, biller_ui: UiContext, clinic: Clinic, visits, db, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, dialogs: Driver, shown_errors: list[UserMessage]) -> None:
    a, b = visits
    _choose(monkeypatch, era_file(tmp_path, db, a))
    dialogs.on(EraPreviewDialog, _post(qtbot, tick=True))
    reached, go_on = threading.Event(), threading.Event()
    _gate(monkeypatch, "post_era", reached, go_on)
    _page, statuses = _threaded_import(qtbot, practice, data_paths, biller_ui, reached, go_on)
    assert "Too late to cancel: posting has begun; each check is posted whole." in statuses
    assert statuses[-1].startswith("ERA posted: 1 check")
    assert clinic.claim_status(a.claim_id) == "paid" and clinic.claim_status(b.claim_id) == "paid"
    assert _payments(db) == 1 and shown_errors == []
