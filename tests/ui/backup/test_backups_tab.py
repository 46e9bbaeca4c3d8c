"""The Admin "Backups" tab: history model, back up, restore drill and restore through real dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_ui_helpers import when_shown
from PySide6.QtCore import Qt
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import StorageError
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import backups, users
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.backups import RestoreSummary
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.backup import BackupsTab, DrillDialog, RestoreDialog
from frontdesk.ui.backup.choosers import BackupFileDialog, FolderDialog
from frontdesk.ui.backup.confirm import CONFIRM_WORD, ConfirmRestoreDialog
from frontdesk.ui.backup.history_model import (
    SORT_ROLE,
    BackupHistoryModel,
    merge_history,
)
from frontdesk.ui.backup.restore_dialog import restore_text
from frontdesk.ui.backup.settings import save_backup_folder


@pytest.fixture
def tab(qtbot, uictx, statuses) -> BackupsTab:  # type: ignore[no-untyped-def]
    widget = BackupsTab(uictx, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _backup(uictx, target: Path) -> str:  # type: ignore[no-untyped-def]
    return backups.run_backup(uictx.services, target).file_name


def test_history_model_lists_runs_and_drills_newest_first(qtbot, qtmodeltester, uictx, target, tmp_path) -> None:
    name = _backup(uictx, target)
    backups.run_restore_drill(uictx.services, target)
    with pytest.raises(StorageError):
        backups.run_backup(uictx.services, tmp_path / "missing")
    model = BackupHistoryModel(uictx.clock)
    model.set_rows(merge_history(backups.list_backup_runs(uictx.services), backups.list_drills(uictx.services)))
    qtmodeltester.check(model)
    texts = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [(t[1], t[2]) for t in texts] == [("Backup", "FAILED"), ("Restore drill", "Passed"), ("Backup", "Verified")]
    assert texts[2][4] == name and texts[2][5].endswith("KB") and texts[1][4] == name
    assert "restored and verified" in texts[1][6] and "does not exist" in texts[0][6]
    assert model.index(0, 0).data(SORT_ROLE) > model.index(2, 0).data(SORT_ROLE)
    assert model.index(0, 2).data(Qt.ItemDataRole.DecorationRole) is not None  # icon besides the word
    model.set_rows([])
    qtmodeltester.check(model)


def test_tab_shows_history_and_warns_without_backups_or_drills(qtbot, tab, uictx, target) -> None:
    assert tab.model.rowCount() == 0 and "No verified backup yet" in tab.summary.text()
    assert tab.restore_button.isEnabled()  # the admin may restore
    _backup(uictx, target)
    uictx.changed.emit(frozenset({"backups"}))
    assert tab.model.rowCount() == 1 and "No restore drill yet" in tab.summary.text()


def test_restore_is_for_administrators_only(qtbot, tab, uictx, frontdesk_actor) -> None:
    uictx.set_actor(frontdesk_actor)
    assert tab.drill_button.isEnabled() and tab.backup_button.isEnabled()
    assert not tab.restore_button.isEnabled()


def test_run_a_restore_drill_from_the_tab(qtbot, tab, uictx, target, statuses, monkeypatch) -> None:
    _backup(uictx, target)
    save_backup_folder(uictx.paths.settings_file, str(target))
    seen: list[str] = []

    def drive(dialog: DrillDialog) -> None:
        assert dialog.source.text() == str(target)
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog.job_done.connect(lambda _r: seen.append(dialog.result.text()))
        dialog.job_done.connect(lambda _r: dialog.close_button.click(), Qt.ConnectionType.QueuedConnection)
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)

    when_shown(DrillDialog, drive)
    qtbot.mouseClick(tab.drill_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("\u2714 Drill passed") and "its key file opens with the passphrase" in seen[0]
    assert "Rows restored:" in seen[0] and "app_user 1" in seen[0]
    assert statuses and statuses[-1].startswith("Restore drill passed")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)  # the drill is in the history as evidence
    assert {tab.model.index(r, 1).data() for r in range(2)} == {"Backup", "Restore drill"}


def test_drill_errors_sit_beside_the_source_field(qtbot, uictx, tmp_path, monkeypatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    dialog = DrillDialog(uictx, uictx.paths.settings_file)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.run()
    assert "Choose the backup folder" in dialog.form.error_label("source").text()
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, parent, caption, start="": empty))
    next(b for b in dialog.findChildren(type(dialog.run_button)) if b.text() == "&Folder…").click()
    assert dialog.source.text() == str(empty)
    dialog.run()
    qtbot.waitUntil(lambda: not dialog.running() and dialog.form.error_label("source").isVisible())
    assert "There are no FrontDesk backups in" in dialog.form.error_label("source").text()
    assert dialog.drill is None and backups.list_drills(uictx.services) == []


def test_drill_with_a_later_passphrase_passes_but_says_the_key_file_is_unproven(qtbot, uictx, target) -> None:
    _backup(uictx, target)
    dialog = DrillDialog(uictx, uictx.paths.settings_file)
    qtbot.addWidget(dialog)
    dialog.source.setText(str(target))
    dialog.passphrase.setText("a later passphrase 99")
    dialog.run()
    qtbot.waitUntil(lambda: dialog.drill is not None)
    assert "key file not proven" in dialog.result.text() and dialog.passphrase.text() == ""


def test_restore_through_the_tab_replaces_the_data(qtbot, tab, uictx, target, practice, statuses,
                                                   monkeypatch) -> None:
    backup_file = target / _backup(uictx, target)
    users.add_user(uictx.services, "later", "Added After Backup", Role.FRONT_DESK, STAFF_PASSWORD)
    monkeypatch.setattr(BackupFileDialog, "ask", classmethod(lambda cls, parent, caption, start="": backup_file))
    confirmations: list[str] = []
    monkeypatch.setattr(ConfirmRestoreDialog, "ask",
                        classmethod(lambda cls, parent, text: confirmations.append(text) or True))
    finished: list[RestoreSummary] = []
    tab.restore_finished.connect(finished.append)

    def drive(dialog: RestoreDialog) -> None:
        assert backup_file.name in dialog.about.text() and "Schema:" in dialog.about.text()
        assert not dialog.passphrase.isVisible()  # same practice: its current key opens the backup
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)

    when_shown(RestoreDialog, drive)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert len(finished) == 1 and confirmations and backup_file.name in confirmations[0]
    summary = finished[0]
    try:
        assert summary.backup_name == backup_file.name and summary.pre_restore_copy
        restored_users = [u.username for u in users.list_users(ServiceContext(summary.db, practice.actor))]
        assert restored_users == ["admin"]  # 'later' came after the backup
        assert statuses[-1].startswith(f"Restored {backup_file.name}")
    finally:
        summary.db.close()


def test_restore_not_confirmed_changes_nothing(qtbot, tab, uictx, target, monkeypatch) -> None:
    backup_file = target / _backup(uictx, target)
    users.add_user(uictx.services, "later", "Added After Backup", Role.FRONT_DESK, STAFF_PASSWORD)
    monkeypatch.setattr(ConfirmRestoreDialog, "ask", classmethod(lambda cls, parent, text: False))
    real = RestoreDialog(uictx, backup_file, backups.backup_to_restore(uictx.services, backup_file))
    qtbot.addWidget(real)
    real.run()
    assert not real.running() and real.summary is None
    assert "later" in [u.username for u in users.list_users(uictx.services)]


def test_confirmation_needs_the_typed_word(qtbot) -> None:
    dialog = ConfirmRestoreDialog("File: x.fdbackup")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.word, "restore")
    assert not dialog.ok.isEnabled()
    dialog.word.clear()
    qtbot.keyClicks(dialog.word, CONFIRM_WORD)
    assert dialog.ok.isEnabled()


def test_admin_pane_has_the_backups_tab(qtbot, uictx) -> None:
    pane = AdminPane(uictx)
    qtbot.addWidget(pane)
    assert isinstance(pane.show_tab("backups"), BackupsTab)
    assert "Backups" in [pane.tabText(i) for i in range(pane.count())]


def test_restoring_another_installations_backup_asks_for_its_passphrase(qtbot, tab, uictx, tmp_path,
                                                                       practice, monkeypatch) -> None:
    other_paths = DataPaths(tmp_path / "old-computer")
    other = create_practice(other_paths, PRACTICE, admin_username="olduser", admin_full_name="Old Admin",
                            admin_password=ADMIN_PASSWORD, passphrase="old computer passphrase 1", kdf=FAST_KDF)
    folder = tmp_path / "old-backups"
    folder.mkdir()
    try:
        backup_file = folder / backups.run_backup(ServiceContext(other.db, other.actor), folder).file_name
    finally:
        other.db.close()
    monkeypatch.setattr(BackupFileDialog, "ask", classmethod(lambda cls, parent, caption, start="": backup_file))
    monkeypatch.setattr(ConfirmRestoreDialog, "ask", classmethod(lambda cls, parent, text: True))
    finished: list[RestoreSummary] = []
    tab.restore_finished.connect(finished.append)

    def drive(dialog: RestoreDialog) -> None:
        assert dialog.passphrase.isVisible() and "another installation" in dialog.about.text()
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        assert "another installation" in dialog.form.error_label("passphrase").text()
        qtbot.keyClicks(dialog.passphrase, "a wrong passphrase 42")
        dialog.job_failed.connect(lambda _exc: retry(dialog), Qt.ConnectionType.QueuedConnection)
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)

    def retry(dialog: RestoreDialog) -> None:
        assert "not correct" in dialog.form.error_label("passphrase").text()
        dialog.passphrase.setText("old computer passphrase 1")
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)

    when_shown(RestoreDialog, drive)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert len(finished) == 1
    summary = finished[0]
    try:
        assert summary.key_replaced and "passphrase" in restore_text(summary)
        assert [u.username for u in users.list_users(ServiceContext(summary.db, other.actor))] == ["olduser"]
    finally:
        summary.db.close()


# -- off the GUI thread (the real, threaded runner) ----------------------------------------------------
def _held_reader(monkeypatch):  # type: ignore[no-untyped-def]
    """Make the manifest reader wait for a gate and note whether it ran on the GUI thread."""
    import threading

    from frontdesk.services.admin import backup_jobs

    gate, on_gui = threading.Event(), []
    real = backup_jobs.read_backup_info

    def reader(*args, **kwargs):  # type: ignore[no-untyped-def]
        on_gui.append(threading.current_thread() is threading.main_thread())
        gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_jobs, "read_backup_info", reader)
    return gate, on_gui


def _threaded_tab(qtbot, uictx, statuses) -> BackupsTab:  # type: ignore[no-untyped-def]
    widget = BackupsTab(uictx, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    return widget


def test_the_history_loads_on_the_runner_and_the_tab_says_so_meanwhile(qtbot, threaded_uictx, target,
                                                                     statuses) -> None:
    import threading

    _backup(threaded_uictx, target)
    gate = threading.Event()
    threaded_uictx.runner.submit(lambda: gate.wait(30))  # the database worker is busy for now
    tab = _threaded_tab(qtbot, threaded_uictx, statuses)
    try:
        tab.show()
        assert tab.summary.text() == "Loading the backup history\u2026" and tab.model.rowCount() == 0
    finally:
        gate.set()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert "1 backup run" in tab.summary.text()


def test_restore_reads_the_backups_manifest_off_the_gui_thread(qtbot, threaded_uictx, target, statuses,
                                                               monkeypatch) -> None:
    backup_file = target / _backup(threaded_uictx, target)
    monkeypatch.setattr(BackupFileDialog, "ask", classmethod(lambda cls, parent, caption, start="": backup_file))
    opened: list[tuple[Path, object]] = []
    monkeypatch.setattr(RestoreDialog, "ask",
                        classmethod(lambda cls, parent, uictx, chosen, info: opened.append((chosen, info))))
    gate, on_gui = _held_reader(monkeypatch)
    tab = _threaded_tab(qtbot, threaded_uictx, statuses)
    tab.show()
    qtbot.waitUntil(lambda: tab.summary.text() != "Loading the backup history\u2026")
    try:
        qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
        assert f"Reading {backup_file.name}\u2026" in tab.notice.text() and not tab.restore_button.isEnabled()
        assert opened == []  # nothing opens before the manifest is read
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(opened))
    chosen, info = opened[0]
    assert chosen == backup_file and info.path == backup_file and info.same_key is True  # type: ignore[attr-defined]
    assert on_gui == [False]  # the reader ran on the runner's worker
    assert tab.notice.text() == "" and tab.restore_button.isEnabled()


def test_a_tab_deleted_while_the_manifest_is_read_opens_nothing(qtbot, threaded_uictx, target, statuses,
                                                                monkeypatch) -> None:
    import shiboken6

    backup_file = target / _backup(threaded_uictx, target)
    monkeypatch.setattr(BackupFileDialog, "ask", classmethod(lambda cls, parent, caption, start="": backup_file))
    opened: list[object] = []
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, *args: opened.append(args)))
    gate, on_gui = _held_reader(monkeypatch)
    tab = BackupsTab(threaded_uictx, statuses.append)  # not given to qtbot: the test deletes it
    tab.show()
    qtbot.waitUntil(lambda: tab.summary.text() != "Loading the backup history\u2026")
    try:
        tab.restore()
        qtbot.waitUntil(lambda: bool(on_gui))  # the reader is running
        tab.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(tab))
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not threaded_uictx.runner.is_busy())
    assert opened == []
