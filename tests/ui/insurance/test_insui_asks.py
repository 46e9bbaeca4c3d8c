"""The ask() classmethods themselves: each runs its dialog modally and returns what the caller needs."""

from __future__ import annotations

from collections.abc import Callable

from insui_helpers import policy_input
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from frontdesk.services.patients import insurance, intake
from frontdesk.ui.patients.card_images_dialog import CardImagesDialog
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.patients.policy_dialog import PolicyDialog


def _when_shown(act: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``act`` on the modal dialog once its event loop is running (the only way into exec())."""
    seen: list[QDialog] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, run)
    return seen


def test_intake_ask_returns_the_checklist_when_finished(uictx, patient_id, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    def confirm_then_finish(dialog: IntakeDialog) -> None:
        dialog.demographics.confirm_button.click()
        dialog.finish_button.click()

    seen = _when_shown(confirm_then_finish)
    summary = IntakeDialog.ask(None, uictx, patient_id)
    assert seen and summary is not None and summary.step("demographics").done
    assert intake.get_intake(desk_ctx, summary.id).step("demographics").done


def test_closing_the_intake_is_not_a_check_in_but_keeps_confirmed_steps(uictx, patient_id, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    kept: list[int] = []

    def confirm_then_close(dialog: IntakeDialog) -> None:
        dialog.demographics.confirm_button.click()
        assert dialog.summary is not None
        kept.append(dialog.summary.id)
        dialog.reject()

    _when_shown(confirm_then_close)
    assert IntakeDialog.ask(None, uictx, patient_id) is None
    assert kept and intake.get_intake(desk_ctx, kept[0]).step("demographics").done


def test_cancelled_dialogs_return_nothing(uictx, patient_id, payer, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    _when_shown(lambda dialog: dialog.reject())
    assert PolicyDialog.ask(None, uictx, patient_id) is None
    _when_shown(lambda dialog: dialog.reject())
    assert ConsentDialog.ask(None, uictx, patient_id) is None
    policy = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    _when_shown(lambda dialog: dialog.reject())
    assert CardImagesDialog.ask(None, uictx, policy) is False
    assert insurance.list_policies(desk_ctx, patient_id) == [insurance.get_policy(desk_ctx, policy.id)]
