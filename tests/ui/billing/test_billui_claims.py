"""The claims list: lazy pages, problems shown and opened with one click, fixes re-check the claim."""

from __future__ import annotations

from billui_lib import make_claim, self_policy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCompleter

from frontdesk.services.billing import claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services._base import ServiceContext
from frontdesk.services.billing.billing_types import ClaimProblem, ProblemTarget
from frontdesk.ui.billing.claims_model import ClaimsModel


def select_claim(qtbot, pane, claim_id: int) -> None:  # type: ignore[no-untyped-def]
    page = pane.claims_page
    page.reload(select_claim=claim_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.row.id == claim_id)


def test_lazy_model_fetches_pages_as_the_view_asks(qtbot, uictx, clinic, biller, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    ids = [make_claim(biller, clinic).id for _ in range(5)]
    model = ClaimsModel(uictx, page_size=2)
    model.load(None)
    assert model.total == 5 and model.rowCount() == 2
    assert [model.claim(n).id for n in range(2)] == sorted(ids, reverse=True)[:2]  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 4
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    qtmodeltester.check(model)
    row = model.claim(0)
    assert model.data(model.index(0, 5)) == "$125.00"
    assert model.data(model.index(0, 3)) == "Blue Prairie Health (Primary)"
    assert model.data(model.index(0, 4)) == "Ready" and model.data(model.index(0, 4), Qt.ItemDataRole.DecorationRole)
    model.load("draft")
    assert model.rowCount() == 0 and not model.canFetchMore()
    assert row.status == "ready"


def click_problem(qtbot, pane, box: str) -> None:  # type: ignore[no-untyped-def]
    problems = pane.claims_page.detail.problems
    texts = [problems.item(n).text() for n in range(problems.count())]
    row = next((n for n, text in enumerate(texts) if text.startswith(f"Box {box}:")), None)
    assert row is not None, texts
    rect = problems.visualItemRect(problems.item(row))
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_problem_names_its_box_and_a_click_focuses_the_field_then_the_fix_makes_it_ready(
        qtbot, harness, clinic, biller, shown_errors) -> None:  # type: ignore[no-untyped-def]
    # Claims made before anything was entered: no diagnosis (box 21) and no service line (box 24).
    row = make_claim(biller, clinic, codes=(), lines=())
    assert row.status == "draft" and row.problem_count == 2
    pane = harness.pane
    select_claim(qtbot, pane, row.id)
    model = pane.claims_page.model
    shown = model.row_of(row.id)
    assert model.data(model.index(shown, 6)) == "2 problems"
    assert model.data(model.index(shown, 6), Qt.ItemDataRole.DecorationRole) is not None  # an icon, not colour alone
    assert model.data(model.index(shown, 4)) == "Draft"

    click_problem(qtbot, pane, "21")
    screen = pane.encounter
    assert pane.stack.currentWidget() is screen
    assert QApplication.focusWidget() is screen.diagnoses.search
    assert pane.fixing_claim_id == row.id
    qtbot.keyClicks(screen.diagnoses.search, "E11.9")
    qtbot.waitUntil(lambda: screen.diagnoses.results.count() > 0)
    qtbot.keyClick(screen.diagnoses.search, Qt.Key.Key_Return)
    assert claims.get_claim(biller, row.id).row.problem_count == 1  # the edit re-checked the claim

    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    select_claim(qtbot, pane, row.id)
    click_problem(qtbot, pane, "24")
    assert QApplication.focusWidget() is screen.editor.code
    screen.editor.code.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    qtbot.keyClicks(screen.editor.code, "99213")
    qtbot.keyClick(screen.editor.units, Qt.Key.Key_Return)
    assert claims.get_claim(biller, row.id).row.status == "ready"

    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    select_claim(qtbot, pane, row.id)
    assert pane.claims_page.detail.problems.item(0).text() == "\u2714 No problems found."
    assert model.data(model.index(model.row_of(row.id), 4)) == "Ready"
    assert model.data(model.index(model.row_of(row.id), 6)) == ""
    assert shown_errors == []


def test_a_service_line_problem_opens_that_lines_editor_on_the_field(qtbot, harness, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic, lines=("99213", "90471"))
    pane = harness.pane
    select_claim(qtbot, pane, row.id)
    detail = pane.claims_page.detail.detail
    line_id = encounters.get_encounter(biller, row.encounter_id).lines[1].id
    pane.open_problem(detail, ClaimProblem("24G", "Line 2: units", ProblemTarget("service_line", line_id, "units")))
    screen = pane.encounter
    assert screen.editing_line_id == line_id and screen.editor.code.text() == "90471"
    assert QApplication.focusWidget() is screen.editor.units


def test_a_policy_problem_asks_for_the_patients_insurance_tab_and_the_fix_rechecks(
        qtbot, harness, clinic, biller, admin_ctx, uictx) -> None:  # type: ignore[no-untyped-def]
    # The administrator's changes reach the widgets like any pane's would (the Patients pane makes them).
    admin = ServiceContext(uictx.db, admin_ctx.actor, notify=uictx.changed.emit)
    insurance.update_policy(admin, clinic.policy_id, self_policy(clinic.payer_id, release_signed_on=None))
    row = make_claim(biller, clinic)
    assert row.status == "draft"
    pane = harness.pane
    asked: list[ProblemTarget] = []
    pane.fix_in_patient_requested.connect(asked.append)
    select_claim(qtbot, pane, row.id)
    problems = pane.claims_page.detail.problems
    problems.setFocus()
    problems.setCurrentRow(next(n for n in range(problems.count()) if problems.item(n).text().startswith("Box 12")))
    qtbot.keyClick(problems, Qt.Key.Key_Return)
    assert asked[0] == ProblemTarget("policy", clinic.policy_id, "release_signed_on", patient_id=clinic.patient_id)
    # The fix is made elsewhere; the Billing pane re-checks the claim by itself and shows it Ready.
    insurance.update_policy(admin, clinic.policy_id, self_policy(clinic.payer_id))
    assert claims.get_claim(biller, row.id).row.status == "ready"
    qtbot.waitUntil(lambda: pane.claims_page.detail.detail.row.status == "ready")


def test_status_filter_shows_counts_and_encounters_tab_opens_one(qtbot, harness, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    ready = make_claim(biller, clinic)
    make_claim(biller, clinic, codes=(), lines=())
    pane = harness.pane
    page = pane.claims_page
    page.reload()
    texts = [page.filter.itemText(n) for n in range(page.filter.count())]
    assert texts[:3] == ["All (2)", "Draft (1)", "Ready (1)"]
    page.show_status_filter("ready")
    assert page.model.rowCount() == 1 and page.model.claim(0).id == ready.id
    qtbot.keyClick(pane, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    view = pane.encounters_page.view
    assert pane.tabs.currentWidget() is pane.encounters_page and view.model().rowCount() == 2
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert pane.stack.currentWidget() is pane.encounter
    assert pane.encounter.detail is not None and pane.encounter.detail.id == ready.encounter_id


def test_submitted_claim_can_be_denied_then_corrected(qtbot, harness, clinic, biller, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.billing import claim_submission
    from frontdesk.ui.billing.dialogs import ClaimStatusDialog, TextPromptDialog

    row = make_claim(biller, clinic)
    claim_submission.export_837p(biller, str(harness.pane.uictx.paths.root / "sent.837"))
    pane = harness.pane
    select_claim(qtbot, pane, row.id)
    buttons = pane.claims_page.detail.buttons
    assert not buttons["recheck"].isEnabled() and buttons["correct"].isEnabled()

    def deny(cls, parent, label):  # type: ignore[no-untyped-def]
        dialog = cls(parent, label)
        dialog.status.setCurrentIndex(dialog.status.findData("denied"))
        dialog.submit()  # no note yet: refused beside the field
        assert dialog.error.isVisibleTo(dialog) and dialog.outcome is None
        dialog.note.setText("CO-16: missing information")
        dialog.submit()
        return dialog.outcome

    monkeypatch.setattr(ClaimStatusDialog, "ask", classmethod(deny))
    qtbot.mouseClick(buttons["change_status"], Qt.MouseButton.LeftButton)
    assert claims.get_claim(biller, row.id).row.status == "denied"
    assert harness.statuses[-1] == f"Claim {row.id} is now denied."
    events = pane.claims_page.detail.events_model
    assert any("CO-16" in events.data(events.index(n, 3)) for n in range(events.rowCount()))

    monkeypatch.setattr(TextPromptDialog, "ask", classmethod(lambda cls, parent, title, prompt, ok: "PAYER-998877"))
    qtbot.mouseClick(buttons["correct"], Qt.MouseButton.LeftButton)
    newest = claims.claim_rows(biller)[0]
    assert newest.id != row.id and newest.frequency_code == "7"
    assert harness.statuses[-1].startswith(f"Corrected claim {newest.id} (Replacement) made")


def test_a_claims_warnings_show_once_in_its_one_list_of_findings_and_it_stays_ready(
        qtbot, harness, clinic, biller, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QLabel

    from frontdesk.codes import icd10cm
    from frontdesk.domain import schedule_time as st
    from frontdesk.models import Patient

    end = datetime(icd10cm.current_release().fiscal_year, 9, 30, 17, 0, tzinfo=UTC)
    monkeypatch.setattr(st, "utc_now", lambda: end + timedelta(days=20))
    from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput

    def claim_on(days: int):  # type: ignore[no-untyped-def]
        enc = encounters.create_encounter(biller, clinic.patient_id, EncounterHeader(
            (end + timedelta(days=days)).date(), clinic.provider_id))
        encounters.set_diagnoses(biller, enc.id, ["E119"])
        encounters.add_service_line(biller, enc.id, ServiceLineInput("99213"))
        return claims.create_claims(biller, enc.id)[0]

    inside, after = claim_on(-10), claim_on(10)
    with biller.db.session(write=True) as session:  # 30 characters: boxes 5 and 7 print it abbreviated
        patient = session.get(Patient, clinic.patient_id)
        patient.address_line1, patient.address_line2 = "8560 Maple Boulevard", "Suite 856"
    pane = harness.pane
    select_claim(qtbot, pane, after.id)
    detail = pane.claims_page.detail
    code_set, fit = detail.detail.findings  # the service's one list: the code set and the fit warning
    assert (code_set.kind, code_set.box, fit.kind, fit.box) == ("warning", "21", "warning", "5")
    problems = detail.problems
    texts = [problems.item(n).text() for n in range(problems.count())]
    # Still ready: said first, then each warning once, in the service's words, with "Warning" and an icon.
    assert texts == ["\u2714 No problems found.", code_set.text, fit.text]
    assert texts[1].startswith("Warning, box 21: No installed ICD-10-CM release covers")
    assert texts[2].startswith("Warning, box 5: Printed abbreviated to fit (28 characters; box 7 too)")
    assert all(not problems.item(n).icon().isNull() for n in (1, 2))
    assert not any("No installed ICD-10-CM" in label.text() for label in pane.findChildren(QLabel))  # one place
    if os.environ.get("FRONTDESK_SCREENSHOTS"):  # for looking at the layout by eye
        pane.grab().save(os.path.join(os.environ["FRONTDESK_SCREENSHOTS"], "claim_detail_warnings.png"))
    # Enter from the list goes to the first warning's field, like a problem's.
    asked: list[ProblemTarget] = []
    pane.fix_in_patient_requested.connect(asked.append)
    problems.setFocus()
    problems.setCurrentRow(2)
    qtbot.keyClick(problems, Qt.Key.Key_Return)
    assert asked == [ProblemTarget("patient", clinic.patient_id, "address_line1", patient_id=clinic.patient_id)]
    select_claim(qtbot, pane, inside.id)
    qtbot.waitUntil(lambda: [problems.item(n).text() for n in range(problems.count())] == [
        "\u2714 No problems found.", fit.text])  # inside the code set: only the address is said
