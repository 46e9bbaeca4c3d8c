"""The referral's appointment time at the outside facility is typed ("2:30p"), and an impossible one is
refused beside the field without anything being saved."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt

from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import ReferralInput
from frontdesk.ui.desk.referral_status_dialog import ReferralStatusDialog


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    window = field.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def test_the_appointment_time_is_typed(qtbot, harness, clinic, desk, uictx, shown_errors) -> None:  # type: ignore[no-untyped-def]
    detail = referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                           outside_provider_id=clinic.imaging_id,
                                                           kind="diagnostic", reason="Chest X-ray"))
    dialog = ReferralStatusDialog(harness.tab, uictx, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("scheduled"))
    _type(qtbot, dialog.at, "25p")
    error = dialog.form.error_label("appointment_time")
    assert not error.isHidden() and "Appointment time" in error.text() and "25p" in error.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not error.isHidden() and dialog.result_detail is None and shown_errors == []
    _type(qtbot, dialog.at, "2:30p")
    assert error.isHidden() and dialog.at.text() == "2:30 PM"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_detail is not None and dialog.result_detail.row.appointment_time == time(14, 30)
