"""The main window routes Billing's problem clicks to Patients and Admin, and Calendar's 'Enter charges' here."""

from __future__ import annotations

from billui_lib import make_claim, self_policy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from frontdesk.models import Patient, Payer, Practice, ServiceLine
from frontdesk.services.billing import claims
from frontdesk.services.billing.billing_types import ClaimDetail, ClaimProblem, ProblemTarget
from frontdesk.services.patients import insurance
from frontdesk.services.patients import patients as patients_service
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.admin.payer_dialog import PayerDialog
from frontdesk.ui.app import build_main_window
from frontdesk.ui.patients.policy_dialog import PolicyDialog
from frontdesk.ui.patients.recent import PATIENT_ID_ROLE
from frontdesk.ui.widgets.patient_results_model import PATIENT_ROLE


def make_main(qtbot, uictx):  # type: ignore[no-untyped-def]
    window = build_main_window(uictx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _problem(biller, row, box: str) -> tuple[ClaimDetail, ClaimProblem]:  # type: ignore[no-untyped-def]
    detail = claims.get_claim(biller, row.id)
    return detail, next(p for p in detail.problems if p.box == box)


def _click_problem(qtbot, billing, row, box: str) -> None:  # type: ignore[no-untyped-def]
    """Click the problem in Billing > Claims, as the biller does."""
    billing.show_tab("claims")
    page = billing.claims_page
    page.reload(select_claim=row.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.row.id == row.id)
    problems = page.detail.problems
    item = next(problems.item(n) for n in range(problems.count()) if problems.item(n).text().startswith(f"Box {box}:"))
    problems.scrollToItem(item)
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(item).center())


def _another_patient_highlighted(qtbot, main, admin_ctx) -> tuple[object, int]:  # type: ignore[no-untyped-def]
    """The Patients pane showing someone else: a search listing both Joneses, the other one open and selected."""
    other = patients_service.register_patient(admin_ctx, PatientInput(
        first_name="Ann", last_name="Jones", dob="01/02/1990", sex="F", phone="(217) 555-0100",
        address_line1="1 Oak St", city="Springfield", state="IL", zip_code="62704")).id
    pane = main.go("patients")
    pane.search.setFocus()
    qtbot.keyClicks(pane.search, "Jones")
    qtbot.waitUntil(lambda: not pane.search.is_pending() and pane._awaiting is None and
                    pane.results_proxy.rowCount() == 2)
    pane.open_patient(other)
    qtbot.waitUntil(lambda: pane.current_record() is not None and pane.current_record().id == other)
    assert pane.results_view.currentIndex().data(PATIENT_ROLE).id == other
    return pane, other


def _highlighted(pane) -> tuple[int | None, int | None]:  # type: ignore[no-untyped-def]
    """(patient selected in the search results, patient selected in the recent list)."""
    results = pane.results_view.selectionModel().selectedRows()
    recent = pane.recent_view.selectionModel().selectedIndexes()
    return (results[0].data(PATIENT_ROLE).id if results else None,
            recent[0].data(PATIENT_ID_ROLE) if recent else None)


def test_policy_problem_opens_that_policys_dialog_on_the_field_with_the_patient_selected(
        qtbot, uictx, clinic, biller, admin_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    insurance.update_policy(admin_ctx, clinic.policy_id, self_policy(clinic.payer_id, release_signed_on=None))
    row = make_claim(biller, clinic)
    main = make_main(qtbot, uictx)
    patients, _other = _another_patient_highlighted(qtbot, main, admin_ctx)
    opened: list[tuple[int, int | None, str]] = []

    def ask(cls, parent, ctx, patient_id, policy=None, suggested_rank=1, *, field=""):  # type: ignore[no-untyped-def]
        opened.append((patient_id, policy.id if policy else None, field))
        dialog = cls(ctx, patient_id, policy, suggested_rank, parent=parent, field=field)
        dialog.show()
        focused.append(dialog.focusWidget() is dialog.release_signed_on)
        dialog.reject()
        return None

    focused: list[bool] = []
    monkeypatch.setattr(PolicyDialog, "ask", classmethod(ask))
    _click_problem(qtbot, main.go("billing"), row, "12")
    assert main.panes.current_key() == "patients"
    qtbot.waitUntil(lambda: opened != [])
    assert opened == [(clinic.patient_id, clinic.policy_id, "release_signed_on")] and focused == [True]
    assert patients.current_record().id == clinic.patient_id
    assert patients.view.tabs.currentIndex() == 1  # Insurance
    tab = patients.view.insurance
    assert tab.selected_policy().id == clinic.policy_id and tab.edit_button.isEnabled()
    assert _highlighted(patients) == (clinic.patient_id, clinic.patient_id)  # never the other Jones


def test_patient_problem_opens_the_edit_form_on_the_field(qtbot, uictx, clinic, biller, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with uictx.db.session(write=True) as s:  # a record saved before ZIP codes were required
        s.get(Patient, clinic.patient_id).zip_code = ""
    row = make_claim(biller, clinic)
    main = make_main(qtbot, uictx)
    patients, _other = _another_patient_highlighted(qtbot, main, admin_ctx)
    _click_problem(qtbot, main.go("billing"), row, "5")
    assert main.panes.current_key() == "patients"
    qtbot.waitUntil(lambda: patients.stack.currentWidget() is patients._form_page)
    assert patients.form.record.id == clinic.patient_id
    assert QApplication.focusWidget() is patients.form.edits["zip_code"]
    assert _highlighted(patients) == (clinic.patient_id, clinic.patient_id)


def test_line_problem_opens_the_encounter_on_that_line(qtbot, uictx, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic, lines=("99213", "90471"))
    with uictx.db.session(write=True) as s:  # a line saved with no units (an import from an older system)
        line = s.scalar(select(ServiceLine).where(ServiceLine.encounter_id == row.encounter_id,
                                                  ServiceLine.line_number == 2))
        line.units, line_id = 0, line.id
    _detail, problem = _problem(biller, row, "24G")
    assert problem.target == ProblemTarget("service_line", line_id, "units", patient_id=clinic.patient_id,
                                           encounter_id=row.encounter_id)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    _click_problem(qtbot, billing, row, "24G")
    screen = billing.encounter
    qtbot.waitUntil(lambda: billing.stack.currentWidget() is screen and screen.detail is not None)
    assert screen.detail.id == row.encounter_id and screen.editing_line_id == line_id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.editor.units)


def test_practice_problem_opens_admin_on_the_field(qtbot, uictx, clinic, biller, practice) -> None:  # type: ignore[no-untyped-def]
    with uictx.db.session(write=True) as s:
        s.scalar(select(Practice)).billing_npi = ""
    row = make_claim(biller, clinic)
    _detail, problem = _problem(biller, row, "33a")
    assert problem.target == ProblemTarget("practice", 0, "billing_npi")
    uictx.set_actor(practice.actor)
    main = make_main(qtbot, uictx)
    _click_problem(qtbot, main.go("billing"), row, "33a")
    admin = main.panes.pane("admin")
    assert main.panes.current_key() == "admin" and admin.currentWidget() is admin.tab("practice")
    tab = admin.tab("practice")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.edits["billing_npi"])


def test_payer_problem_opens_that_payers_dialog_on_the_field(qtbot, uictx, clinic, biller, practice,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    with uictx.db.session(write=True) as s:
        s.get(Payer, clinic.payer_id).zip_code = ""
    row = make_claim(biller, clinic)
    uictx.set_actor(practice.actor)
    main = make_main(qtbot, uictx)
    opened: list[tuple[int, str, bool]] = []

    def ask(cls, parent, ctx, payer=None, *, field=""):  # type: ignore[no-untyped-def]
        dialog = cls(ctx, payer, parent=parent, field=field)
        dialog.show()
        opened.append((payer.id, field, dialog.focusWidget() is dialog.edits["zip_code"]))
        dialog.reject()
        return None

    monkeypatch.setattr(PayerDialog, "ask", classmethod(ask))
    _click_problem(qtbot, main.go("billing"), row, "Carrier")
    admin = main.panes.pane("admin")
    tab = admin.tab("payers")
    assert main.panes.current_key() == "admin" and admin.currentWidget() is tab
    qtbot.waitUntil(lambda: opened != [])
    assert opened == [(clinic.payer_id, "zip_code", True)]
    assert tab.selected_record().id == clinic.payer_id


def test_provider_problem_tells_a_biller_who_fixes_it(qtbot, uictx, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    detail = claims.get_claim(biller, row.id)
    billing.open_problem(detail, ClaimProblem("24J", "NPI", ProblemTarget("provider", clinic.provider_id, "npi")))
    assert main.panes.current_key() == "billing"  # a biller may not open Admin
    assert main.statusBar().currentMessage() == "An administrator fixes this in Admin \u203a Providers."


def test_provider_problem_opens_admin_providers_for_an_administrator(qtbot, uictx, clinic, biller, practice,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.admin.provider_dialog import ProviderDialog

    monkeypatch.setattr(ProviderDialog, "ask", classmethod(lambda cls, *a, **k: None))  # (its field: the next test)
    row = make_claim(biller, clinic)
    uictx.set_actor(practice.actor)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    billing.open_problem(claims.get_claim(biller, row.id),
                         ClaimProblem("24J", "NPI", ProblemTarget("provider", clinic.provider_id, "npi")))
    admin = main.panes.pane("admin")
    assert main.panes.current_key() == "admin" and admin.currentWidget() is admin.tab("providers")


def test_provider_problem_opens_the_providers_dialog_on_the_npi(qtbot, uictx, clinic, biller, practice,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.admin.provider_dialog import ProviderDialog

    opened: list[tuple[int, str]] = []

    def ask(cls, parent, ctx, provider=None, field=""):  # type: ignore[no-untyped-def]
        dialog = cls(ctx, provider, parent, field)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append((provider.id, dialog.focusWidget() is dialog.npi))
        return None

    monkeypatch.setattr(ProviderDialog, "ask", classmethod(ask))
    row = make_claim(biller, clinic)
    uictx.set_actor(practice.actor)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    billing.open_problem(claims.get_claim(biller, row.id),
                         ClaimProblem("24J", "NPI", ProblemTarget("provider", clinic.provider_id, "npi")))
    qtbot.waitUntil(lambda: opened != [])
    assert opened == [(clinic.provider_id, True)]  # that provider, the cursor in the NPI


def test_calendar_enter_charges_opens_the_visits_encounter(qtbot, uictx, clinic) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.calendar.appointment_actions import ACTIONS, applies

    assert "enter_charges" in [key for key, _text, _statuses in ACTIONS]
    assert applies("enter_charges", "checked_out") and not applies("enter_charges", "scheduled")
    main = make_main(qtbot, uictx)
    calendar = main.go("calendar")
    opened: list[int] = []
    billing = main.go("billing")
    billing.open_appointment = opened.append  # the encounter service itself is tested with the billing core
    main.go("calendar")
    calendar.request_charges(4242)
    assert opened == [4242] and main.panes.current_key() == "billing"
