"""The Consents tab: states in words and icons, recording a signature clears the warning, the banner count."""

from __future__ import annotations

import pytest
from insui_helpers import snap, TODAY, cells, click, days, pick, retype, us
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from frontdesk.services.patients import consents
from frontdesk.services.patients.consents import ConsentInput, ConsentTypeInput
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.consent_models import CONSENT_COLUMNS, STATUS_COLUMN
from frontdesk.ui.patients.consents_tab import ConsentsTab

HEADERS = [c.header for c in CONSENT_COLUMNS]
REQUIRED = 4  # of the five standard documents, four are required


def _row(tab, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    for r in range(tab.model.rowCount()):
        if tab.model.record(r).status.type.name == name:
            return cells(tab.model, r)
    raise AssertionError(name)


def _type(ctx, name: str):  # type: ignore[no-untyped-def]
    return next(t for t in consents.list_consent_types(ctx) if t.name == name)


@pytest.fixture
def counts() -> list[int]:
    return []


@pytest.fixture
def tab(show, uictx, statuses, patient_id, counts):  # type: ignore[no-untyped-def]
    widget = ConsentsTab(uictx, status=statuses.append)
    widget.attention_changed.connect(counts.append)
    widget.set_patient(patient_id)
    return show(widget)


def test_new_patient_misses_every_required_consent(tab, counts) -> None:  # type: ignore[no-untyped-def]
    assert tab.model.rowCount() == 5
    assert _row(tab, "Financial policy")[:3] == ["Financial policy", "Required", "Missing"]
    assert _row(tab, "Communication consent (phone, text, email)")[2] == "Not signed (optional)"
    assert counts == [REQUIRED] and tab.attention_count() == REQUIRED
    assert tab.summary.text().startswith("4 required consents need attention")
    icon = tab.model.index(0, STATUS_COLUMN).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull(), "an icon as well as the words"


def test_record_consent_clears_missing(qtbot, tab, drive_dialog, statuses, counts, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    financial = _type(desk_ctx, "Financial policy")
    tab.select_record(financial.id)

    def fill(dialog: ConsentDialog) -> None:
        assert dialog.document.currentData() == financial.id, "the selected document is preselected"
        assert dialog.version.text() == "2026-01" and dialog.signed_on.text() == us(TODAY)
        assert not dialog.representative_name.isVisible()
        pick(qtbot, dialog.signed_by, "Personal")
        assert dialog.representative_name.isVisible()
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("representative_name")
        assert error.isVisible() and "Representative's name" in error.text()
        qtbot.keyClicks(dialog.representative_name, "Mary Doe")
        qtbot.keyClicks(dialog.representative_relationship, "daughter")
        click(qtbot, dialog.ok_button)

    drive_dialog(ConsentDialog, fill)
    click(qtbot, tab.record_button)
    assert statuses[-1] == "Recorded Financial policy (version 2026-01)."
    expiry = consents.consent_status(desk_ctx, tab.patient_id)[0]
    row = _row(tab, "Financial policy")
    assert row[2] == "OK" and row[3] == us(TODAY) and row[4] == "Mary Doe (daughter)"
    assert counts == [REQUIRED, REQUIRED - 1], "the banner hears the lower count"
    assert tab.summary.text().startswith("3 required consents need attention")
    assert expiry is not None


def test_states_in_words(tab, desk_ctx, admin_notify_ctx, patient_id, counts) -> None:  # type: ignore[no-untyped-def]
    npp = _type(desk_ctx, "HIPAA Notice of Privacy Practices acknowledgment")
    financial = _type(desk_ctx, "Financial policy")
    aob = _type(desk_ctx, "Assignment of benefits")
    roi = _type(desk_ctx, "Release of information")
    consents.record_consent(desk_ctx, patient_id, ConsentInput(npp.id, days(-30), version="2025-01"))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(financial.id, days(-400)))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(aob.id, days(-350)))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(roi.id, TODAY))
    assert _row(tab, npp.name)[2] == "Outdated (signed v2025-01, current 2026-01)"
    financial_row = _row(tab, financial.name)
    assert financial_row[2] == f"Expired {financial_row[5]}"
    aob_row = _row(tab, aob.name)
    assert aob_row[2] == f"Expires soon {aob_row[5]}"
    assert _row(tab, roi.name)[2] == "OK"
    assert counts[-1] == 2 and tab.attention_count() == 2


def test_keyboard_records_a_consent(qtbot, tab, drive_dialog, desk_ctx, counts) -> None:  # type: ignore[no-untyped-def]
    aob = _type(desk_ctx, "Assignment of benefits")  # first by name

    def fill(dialog: ConsentDialog) -> None:
        assert dialog.document.currentData() == aob.id, "with no selection, the first needing attention"
        retype(qtbot, dialog.signed_on, us(days(-1)))
        qtbot.keyClick(dialog.signed_on, Qt.Key.Key_Return)  # Enter is OK

    drive_dialog(ConsentDialog, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _row(tab, aob.name)[2] == "OK" and counts[-1] == REQUIRED - 1


def test_consent_dialog_version_follows_document(qtbot, uictx, patient_id, desk_ctx, show,  # type: ignore[no-untyped-def]
                                                 admin_notify_ctx) -> None:
    aob = _type(desk_ctx, "Assignment of benefits")
    consents.update_consent_type(admin_notify_ctx, aob.id, ConsentTypeInput(aob.name, "2026-07", True, 12))
    dialog = show(ConsentDialog(uictx, patient_id), 640, 420)
    assert dialog.version.text() == ""
    pick(qtbot, dialog.document, "Assignment")
    assert dialog.version.text() == "2026-07"
    pick(qtbot, dialog.document, "Financial")
    assert dialog.version.text() == "2026-01", "the filled-in version follows the document"
    retype(qtbot, dialog.version, "2019-x")
    pick(qtbot, dialog.document, "Release")
    assert dialog.version.text() == "2019-x", "a typed version is kept"
    snap(dialog, "consent-dialog")


def test_banner_count_follows_settings_and_patients(tab, counts, desk_ctx, admin_notify_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    for t in consents.list_consent_types(desk_ctx):
        if t.required:
            consents.record_consent(desk_ctx, patient_id, ConsentInput(t.id, TODAY))
    assert counts[-1] == 0 and tab.summary.text() == "All required consents are current."
    npp = _type(desk_ctx, "HIPAA Notice of Privacy Practices acknowledgment")
    consents.update_consent_type(admin_notify_ctx, npp.id, ConsentTypeInput(npp.name, "2026-02", True, None))
    assert counts[-1] == 1
    assert _row(tab, npp.name)[2] == "Outdated (signed v2026-01, current 2026-02)"
    tab.set_patient(None)
    assert counts[-1] == 0 and tab.model.rowCount() == 0
