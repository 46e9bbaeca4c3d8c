"""Admin > Users > "New enrolment code...": one more PC for a practice server, the code shown once.

The service itself (sealing the secret, the SQL function, the audit row) is tested on PostgreSQL in
tests/storage/pg/test_pg_enrolment_service.py and, with a second PC enrolling, test_enrolment_code_cli.py. Here
the tab hands it this workstation's keyring secret and pinned certificate, and the dialog shows, copies, prints
and saves the code; in single-PC mode the button is disabled and says why.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from testsupport import MemoryKeyring, screenshot_path
from uisupport import click

from frontdesk.services.admin import workstations
from frontdesk.services.admin.workstations import IssuedCode
from frontdesk.storage.enrolment_code import ConnectionSecret
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.pg_tls import make_certificate
from frontdesk.storage.server_config import ServerConfig, save_server_config, store_secret
from frontdesk.ui.admin import enrolment_code_dialog as enrolment
from frontdesk.ui.admin.enrolment_code_dialog import EnrolmentCodeDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog

CODE = "7K3QM-R8WXT-2HD9F-VB4NJ-0PZ6C-EG1SA-Q"  # shaped like a real one (tests/storage: the real ones)
ISSUED = IssuedCode(code=CODE, expires_at=datetime(2021, 7, 14, 19, 5, tzinfo=UTC))
SHOWN_EXPIRY = "07/14/2021 3:05 PM"  # 19:05 UTC on the practice's clock (America/New_York, daylight time)
SECRET = ConnectionSecret(app_password="app-password-from-the-keyring", practice_key=bytes(32), database="frontdesk")


@pytest.fixture
def enrolled(uictx, data_paths):  # type: ignore[no-untyped-def]
    """This PC as an enrolled workstation: server.json with its pinned certificate, the secret in its keyring."""
    cert = make_certificate(["frontdesk-server.local"])
    config = ServerConfig(host="frontdesk-server.local", port=5432, database="frontdesk",
                          certificate_pem=cert.pem.decode("ascii"))
    save_server_config(data_paths, config)
    uictx.key_cache = KeyCache(MemoryKeyring())
    store_secret(uictx.key_cache, config, SECRET)
    return cert.der


def test_single_pc_mode_disables_the_button_and_says_why(pane) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("users")
    assert not tab.enrolment_button.isEnabled()
    assert tab.enrolment_button.toolTip() == enrolment.SINGLE_PC_REASON


def test_the_code_is_issued_with_this_pcs_secret_and_shown_once(enrolled, pane, qtbot, monkeypatch,  # type: ignore[no-untyped-def]
                                                               statuses) -> None:
    calls: list[tuple[object, ...]] = []
    shown: list[tuple[object, ...]] = []

    def issue(ctx, secret, der, workstation):  # type: ignore[no-untyped-def]
        calls.append((ctx.actor.username, secret, der, bool(workstation)))
        return ISSUED

    monkeypatch.setattr(workstations, "issue_enrolment_code", issue)
    monkeypatch.setattr(EnrolmentCodeDialog, "ask", classmethod(lambda cls, *args: shown.append(args)))
    tab = pane.show_tab("users")
    assert tab.enrolment_button.isEnabled() and tab.enrolment_button.toolTip() == enrolment.BUTTON_TIP
    click(qtbot, tab.enrolment_button)
    qtbot.waitUntil(lambda: bool(shown))
    assert calls == [("admin", SECRET, enrolled, True)]
    [(_parent, issued, expires, address, _by, _scratch)] = shown
    assert (issued, expires, address) == (ISSUED, SHOWN_EXPIRY, "frontdesk-server.local:5432")
    assert statuses[-1] == f"New enrolment code issued, valid until {SHOWN_EXPIRY}."


def test_a_missing_keyring_secret_is_said_and_nothing_is_issued(enrolled, pane, qtbot, monkeypatch,  # type: ignore[no-untyped-def]
                                                                shown_errors, uictx) -> None:
    monkeypatch.setattr(workstations, "issue_enrolment_code", lambda *args: pytest.fail("issued"))
    uictx.key_cache = KeyCache(MemoryKeyring())  # another keyring: this PC's secret is not in it
    click(qtbot, pane.show_tab("users").enrolment_button)
    assert len(shown_errors) == 1 and "enrol" in str(shown_errors[0]).lower()


def _text(path) -> str:  # type: ignore[no-untyped-def]
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        return page.get_textpage().get_text_range()
    finally:
        document.close()


def test_the_dialog_shows_copies_saves_and_prints_the_code(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = EnrolmentCodeDialog(ISSUED, SHOWN_EXPIRY, "frontdesk-server.local:5432", "Ada <Admin> & Co",
                                 tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(screenshot_path("h31-enrolment-code-dialog.png")))
    label = dialog.code_label
    assert label.text() == CODE and label.font().pointSize() >= 18
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert SHOWN_EXPIRY in dialog.expiry_label.text()

    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == CODE

    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *args: saved))
    click(qtbot, dialog.pdf_button)
    text = _text(saved)
    assert CODE in text and SHOWN_EXPIRY in text and "Ada <Admin> & Co" in text
    assert "frontdesk-server.local:5432" in text

    printed = tmp_path / "printed.pdf"

    def printer(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
        out = QPrinter(QPrinter.PrinterMode.HighResolution)
        out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out.setOutputFileName(str(printed))
        return out

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(printer))
    click(qtbot, dialog.print_button)
    assert printed.stat().st_size > 0 and "printer" in dialog.note.text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".print-")] == []
