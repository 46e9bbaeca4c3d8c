"""The "Report received" step attaches the report file chosen in the step dialog to the patient's documents;
a file that cannot be attached is said beside the Report row and the step is not taken."""

from __future__ import annotations

from pathlib import Path

from doc_testlib import pdf_bytes
from PySide6.QtCore import Qt

from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import ReferralInput
from frontdesk.services.patients import documents
from frontdesk.ui.desk.referral_status_dialog import ReferralStatusDialog
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog


def _dialog(qtbot, harness, clinic, desk, uictx, monkeypatch, report: Path) -> ReferralStatusDialog:  # type: ignore[no-untyped-def]
    detail = referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                           outside_provider_id=clinic.imaging_id,
                                                           kind="diagnostic", reason="Chest X-ray"))
    dialog = ReferralStatusDialog(harness.tab, uictx, detail)
    qtbot.addWidget(dialog)
    assert not dialog.report_button.isEnabled()  # only the report step takes a file
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("report_received"))
    assert dialog.report_button.isEnabled()
    monkeypatch.setattr(OpenFilesDialog, "ask", classmethod(lambda cls, *a: [report]))
    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    assert dialog.report_label.text() == report.name
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_the_report_file_is_attached_to_the_patient(qtbot, harness, clinic, desk, uictx, monkeypatch,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    report = tmp_path / "xray-report.pdf"
    report.write_bytes(pdf_bytes(2))
    dialog = _dialog(qtbot, harness, clinic, desk, uictx, monkeypatch, report)
    assert dialog.result_detail is not None and dialog.result_detail.row.status == "report_received"
    [doc] = documents.list_documents(desk, clinic.patient_id)
    assert (doc.category, doc.referral_id, doc.file_name) == ("referral_result", dialog.result_detail.id,
                                                              "xray-report.pdf")


def test_a_password_protected_report_is_refused_beside_the_report_row(qtbot, harness, clinic, desk, uictx,  # type: ignore[no-untyped-def]
                                                                       monkeypatch, tmp_path: Path) -> None:
    report = tmp_path / "locked.pdf"
    report.write_bytes(pdf_bytes(password="secret"))
    dialog = _dialog(qtbot, harness, clinic, desk, uictx, monkeypatch, report)
    error = dialog.form.error_label("file")
    assert not error.isHidden() and "password" in error.text()
    assert dialog.result_detail is None
    assert referrals.get_referral(desk, referrals.open_referrals(desk).rows[0].id).row.status == "requested"
    assert documents.list_documents(desk, clinic.patient_id) == []
