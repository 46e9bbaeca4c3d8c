"""The Billing setup section's code set box: out-of-date warning, importing a release, refusals beside the button."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from icd_release_lib import (
    ClaimMaker,
    freeze_clock,
    isolate_code_set,
    order_text,
    release_end,
    replace_line,
    set_clock,
    write_order_file,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.codes import icd10cm
from frontdesk.error_messages import UserMessage
from frontdesk.paths import DataPaths
from frontdesk.services.session import ServiceContext
from frontdesk.ui.billing.code_set_box import ReleaseFileDialog
from frontdesk.ui.billing.setup_section import BillingSetupSection
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture(autouse=True)
def resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The bundled index restored after each test; the practice clock at 11/27/2026."""
    freeze_clock(monkeypatch)
    return isolate_code_set(monkeypatch, tmp_path)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def uictx(practice, data_paths: DataPaths, billing_ctx: ServiceContext,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(billing_ctx.actor)
    yield ctx


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def section(qtbot: QtBot, uictx: UiContext, statuses: list[str]) -> BillingSetupSection:
    widget = BillingSetupSection(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    asked: list[str] = []

    def ask(cls, parent, caption):  # type: ignore[no-untyped-def]
        asked.append(caption)
        return path

    monkeypatch.setattr(ReleaseFileDialog, "ask", classmethod(ask))
    return asked


def test_an_out_of_date_set_is_said_in_words_with_an_icon(section: BillingSetupSection) -> None:
    box = section.code_set
    assert box.version_label.text() == ("Diagnosis codes: ICD-10-CM FY2026 (April 1, 2026 update), for services "
                                        "10/01/2025-09/30/2026")
    assert box.source_label.text() == "Source: bundled with FrontDesk."
    assert box.warning.isVisible()
    assert box.warning_text.text().startswith("Out of date since 10/01/2026: import the FY2027 release from CMS")
    assert box.import_button.isEnabled() and box.role_hint.isHidden()
    if os.environ.get("FRONTDESK_SCREENSHOTS"):  # for looking at the layout by eye
        section.grab().save(os.path.join(os.environ["FRONTDESK_SCREENSHOTS"], "billing_setup_stale.png"))


def test_import_through_the_button_updates_the_version(qtbot: QtBot, section: BillingSetupSection,
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       statuses: list[str], shown_errors: list[UserMessage],
                                                       data_paths: DataPaths) -> None:
    asked = _choose(monkeypatch, write_order_file(tmp_path / "downloads"))
    box = section.code_set
    qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    assert asked and "ICD-10-CM" in asked[0]
    assert box.version_label.text() == ("Diagnosis codes: ICD-10-CM FY2027 (CMS order file), for services "
                                        "10/01/2026-09/30/2027")
    assert box.source_label.text() == "Source: imported by the practice."
    assert box.warning.isHidden() and box.error.isHidden() and box.busy_label.isHidden()
    assert statuses == ["Diagnosis codes updated: ICD-10-CM FY2027 (CMS order file)."]
    assert shown_errors == []
    assert (data_paths.code_sets_dir / "icd10cm-FY2027.txt").is_file()
    if os.environ.get("FRONTDESK_SCREENSHOTS"):  # for looking at the layout by eye
        section.grab().save(os.path.join(os.environ["FRONTDESK_SCREENSHOTS"], "billing_setup_imported.png"))


def test_alt_i_imports_and_cancel_changes_nothing(qtbot: QtBot, section: BillingSetupSection,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _choose(monkeypatch, None)
    section.table.setFocus()
    qtbot.waitUntil(section.table.hasFocus)
    qtbot.keyClick(section.table, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)  # a mnemonic "animates" the click: it lands a moment later
    assert "FY2026" in section.code_set.version_label.text() and section.code_set.warning.isVisible()


def test_a_bad_file_is_refused_beside_the_button(qtbot: QtBot, section: BillingSetupSection,
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 statuses: list[str], shown_errors: list[UserMessage]) -> None:
    _choose(monkeypatch, write_order_file(tmp_path, text=replace_line(order_text(), 42, "garbage")))
    box = section.code_set
    qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    assert box.error.isVisible() and box.error.text().startswith("\u26a0 Line 42 of icd10cm-order-2027.txt")
    assert "FY2026" in box.version_label.text() and statuses == [] and shown_errors == []
    _choose(monkeypatch, write_order_file(tmp_path, "icd10cm-order-2026.txt"))
    qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    assert "is not newer than the code set in use" in box.error.text()


def test_front_desk_sees_the_warning_but_cannot_import(qtbot: QtBot, section: BillingSetupSection,
                                                       uictx: UiContext, frontdesk_actor) -> None:
    uictx.set_actor(frontdesk_actor)
    box = section.code_set
    assert not box.import_button.isEnabled()
    assert box.role_hint.isVisible() and "billing or administrator role" in box.role_hint.text()
    assert box.warning.isVisible()


def test_start_up_loads_the_practice_s_imported_release(qtbot: QtBot, data_paths: DataPaths) -> None:
    from frontdesk.codes import icd10cm
    from frontdesk.ui.app_resources import preload_code_set

    write_order_file(data_paths.code_sets_dir, "icd10cm-FY2027.txt")
    runner = Runner(ErrorPresenter(None))
    try:
        loading = preload_code_set(runner, data_paths.code_sets_dir)  # what the app does once the practice is open
        qtbot.waitUntil(lambda: not loading.running(), timeout=30_000)
    finally:
        runner.shutdown()
    assert (icd10cm.current_release().source, icd10cm.current_release().fiscal_year) == ("imported", 2027)


def test_an_open_diagnoses_editor_names_the_imported_release(qtbot: QtBot, uictx: UiContext, tmp_path: Path,
                                                               data_paths: DataPaths) -> None:
    from frontdesk.services.billing import diagnosis_codes
    from frontdesk.ui.billing.diagnoses_editor import DiagnosesEditor

    editor = DiagnosesEditor(uictx)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: "FY2026" in editor.title.text())
    uictx.call(diagnosis_codes.import_icd10cm_release, write_order_file(tmp_path / "downloads"), data_paths.root)
    qtbot.waitUntil(lambda: "FY2027" in editor.title.text())


def test_open_claims_after_the_release_are_said_in_the_banner(qtbot: QtBot, section: BillingSetupSection,
                                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                              admin_ctx: ServiceContext,
                                                              billing_ctx: ServiceContext) -> None:
    clock = freeze_clock(monkeypatch)
    end = release_end(icd10cm.current_release().fiscal_year)
    set_clock(clock, end + timedelta(days=20))
    ClaimMaker(admin_ctx, billing_ctx).claim(end + timedelta(days=10), ["J069"])
    box = section.code_set
    box.refresh()
    assert box.warning.isVisible()
    assert box.warning_text.text().startswith(f"Out of date since {end + timedelta(days=1):%m/%d/%Y}: import the "
                                              f"FY{end.year + 1} release")
    assert box.warning_text.text().endswith(f"1 open claim is dated after {end:%m/%d/%Y}.")
    if os.environ.get("FRONTDESK_SCREENSHOTS"):  # for looking at the layout by eye
        section.grab().save(os.path.join(os.environ["FRONTDESK_SCREENSHOTS"], "billing_setup_late_claims.png"))
    _choose(monkeypatch, write_order_file(tmp_path / "downloads", f"icd10cm-order-{end.year + 1}.txt"))
    qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    assert box.warning.isHidden() and box.warning_text.text() == ""
