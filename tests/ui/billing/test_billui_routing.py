"""The main window routes Billing's problem clicks to Patients and Admin, and Calendar's 'Enter charges' here."""

from __future__ import annotations

from billui_lib import make_claim

from frontdesk.services import claims
from frontdesk.services.billing_types import ClaimProblem, ProblemTarget
from frontdesk.ui.app import build_main_window


def make_main(qtbot, uictx):  # type: ignore[no-untyped-def]
    window = build_main_window(uictx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_policy_problem_opens_the_patients_insurance_tab(qtbot, uictx, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    detail = claims.get_claim(biller, row.id)
    billing.open_problem(detail, ClaimProblem("12", "No release", ProblemTarget("policy", clinic.policy_id,
                                                                                 "release_signed_on")))
    patients = main.panes.pane("patients")
    assert main.panes.current_key() == "patients"
    assert patients.current_record().id == clinic.patient_id
    assert patients.view.tabs.currentIndex() == 1  # Insurance


def test_provider_problem_tells_a_biller_who_fixes_it(qtbot, uictx, clinic, biller) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    detail = claims.get_claim(biller, row.id)
    billing.open_problem(detail, ClaimProblem("24J", "NPI", ProblemTarget("provider", clinic.provider_id, "npi")))
    assert main.panes.current_key() == "billing"  # a biller may not open Admin
    assert main.statusBar().currentMessage() == "An administrator fixes this in Admin \u203a Providers."


def test_provider_problem_opens_admin_providers_for_an_administrator(qtbot, uictx, clinic, biller,
                                                                     practice) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    uictx.set_actor(practice.actor)
    main = make_main(qtbot, uictx)
    billing = main.go("billing")
    billing.open_problem(claims.get_claim(biller, row.id),
                         ClaimProblem("24J", "NPI", ProblemTarget("provider", clinic.provider_id, "npi")))
    admin = main.panes.pane("admin")
    assert main.panes.current_key() == "admin" and admin.currentWidget() is admin.tab("providers")


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
