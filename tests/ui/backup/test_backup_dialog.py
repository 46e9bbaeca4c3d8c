"""The Back up now dialog: a real backup off the GUI thread with progress, the folder remembered, errors by the field."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from frontdesk.services.admin import backups
from frontdesk.ui.backup import BackupDialog, make_backup_runner
from frontdesk.ui.backup import backup_dialog as backup_dialog_module
from frontdesk.ui.backup.choosers import FolderDialog
from frontdesk.ui.backup.settings import load_backup_folder
from frontdesk.ui.runner import JobControl


def _dialog(qtbot, uictx, data_paths, statuses) -> BackupDialog:  # type: ignore[no-untyped-def]
    dialog = BackupDialog(uictx, data_paths.settings_file, status=statuses.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_backs_up_into_the_folder_with_progress_and_remembers_it(qtbot, threaded_uictx, data_paths, target,
                                                                  statuses) -> None:
    uictx = threaded_uictx  # the backup runs on the runner's long-job worker, progress comes back by signal
    data_paths.settings_file.write_text(json.dumps({"cms1500_offsets": {"x_hundredths": 3}}), encoding="utf-8")
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    stages: list[str] = []
    dialog.job_progressed.connect(lambda fraction, stage: stages.append(stage))
    qtbot.keyClicks(dialog.folder, str(target))
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert not dialog.start_button.isEnabled()  # running: the thread has it, the event loop is free
    assert dialog.outcome is not None and dialog.outcome.verified
    assert "copy" in stages and "verify" in stages and dialog.progress.reports >= 2
    assert (target / dialog.outcome.file_name).is_file()
    assert statuses == [dialog.outcome.describe()] and "Backup verified" in statuses[0]
    saved = json.loads(data_paths.settings_file.read_text(encoding="utf-8"))
    assert saved == {"cms1500_offsets": {"x_hundredths": 3}, "backup_folder": str(target)}  # other keys kept
    assert backups.list_backup_runs(uictx.services)[0].ok
    again = BackupDialog(uictx, data_paths.settings_file)
    qtbot.addWidget(again)
    assert again.folder.text() == str(target)


def test_missing_folder_is_reported_next_to_the_folder_field(qtbot, uictx, data_paths, tmp_path, statuses) -> None:
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    missing = tmp_path / "unplugged-drive"
    qtbot.keyClicks(dialog.folder, str(missing))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    error = dialog.form.error_label("folder")
    assert error.isVisible() and "does not exist" in error.text() and "\u26a0" in error.text()
    assert dialog.outcome is None and not dialog.running() and statuses == []
    assert load_backup_folder(data_paths.settings_file) == ""


def test_a_failure_inside_the_core_shows_its_message_by_the_field(qtbot, uictx, data_paths, target, statuses,
                                                                  monkeypatch) -> None:
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    dialog.folder.setText(str(target))
    target.rmdir()
    monkeypatch.setattr(Path, "is_dir", lambda self: True)  # the folder vanishes between the check and the copy
    with qtbot.waitSignal(dialog.job_failed, timeout=30_000):
        dialog.start()
    monkeypatch.undo()
    assert "does not exist" in dialog.form.error_label("folder").text()
    assert dialog.start_button.isEnabled() and dialog.cancel_button.text() == "Close"
    assert not backups.list_backup_runs(uictx.services)[0].ok  # the failed attempt is on record


def _hold_at(monkeypatch, method: str) -> threading.Event:  # type: ignore[no-untyped-def]
    """The long job's worker waits right after its first ``JobControl.<method>`` call until the event is set:
    the test acts on the GUI thread at that exact step, whatever the speed of the machine."""
    gate = threading.Event()
    real = getattr(JobControl, method)

    def held(self, *args):  # type: ignore[no-untyped-def]
        real(self, *args)
        gate.wait(30)

    monkeypatch.setattr(JobControl, method, held)
    return gate


def test_cancel_stops_the_backup_and_leaves_nothing(qtbot, threaded_uictx, data_paths, target, statuses,
                                                    monkeypatch) -> None:
    uictx = threaded_uictx
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    dialog.folder.setText(str(target))
    gate = _hold_at(monkeypatch, "report")

    def cancel_at_the_first_report() -> None:
        if not gate.is_set():
            dialog.cancel_button.click()
            assert dialog.cancel_button.text() == "Cancelling backup…" and not dialog.cancel_button.isEnabled()
            gate.set()

    dialog.job_progressed.connect(cancel_at_the_first_report)
    with qtbot.waitSignal(dialog.job_failed, timeout=30_000):
        dialog.start()
    assert dialog.outcome is None and "cancelled" in dialog.result.text()
    assert list(target.iterdir()) == []  # no partial file, nothing under a final name
    assert dialog.isVisible() and statuses == []
    assert backups.list_backup_runs(uictx.services) == []  # a cancel is not a failed run
    assert dialog.start_button.isEnabled() and dialog.cancel_button.text() == "Close"


def test_cancel_after_the_copy_verified_is_refused_and_the_backup_is_saved(qtbot, threaded_uictx, data_paths,
                                                                           target, statuses, monkeypatch) -> None:
    uictx = threaded_uictx
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    dialog.folder.setText(str(target))
    gate = _hold_at(monkeypatch, "point_of_no_return")
    told: list[str] = []

    def cancel_while_saving(_fraction: object, stage: str) -> None:
        if stage == "publish":
            dialog.cancel_button.click()
            told.append(dialog.result.text())
            assert not dialog.cancel_button.isEnabled()
            gate.set()

    dialog.job_progressed.connect(cancel_while_saving)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.start()
    assert told and "Too late to cancel" in told[0]
    assert dialog.outcome is not None and (target / dialog.outcome.file_name).is_file()
    assert backups.list_backup_runs(uictx.services)[0].ok and statuses[0].startswith("Backup verified")


def test_a_dialog_deleted_while_its_backup_runs_hears_nothing(qtbot, threaded_uictx, data_paths, target,
                                                              statuses, monkeypatch) -> None:
    uictx = threaded_uictx
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = BackupDialog(uictx, data_paths.settings_file, parent, status=statuses.append)
    dialog.folder.setText(str(target))
    gate = _hold_at(monkeypatch, "report")
    heard: list[object] = []
    dialog.job_progressed.connect(lambda *args: heard.append(args))
    dialog.start()
    qtbot.waitUntil(lambda: len(heard) == 1)  # the job waits at its first report
    dialog.deleteLater()  # what closing the main window (signing out) does to its children
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    gate.set()
    qtbot.waitUntil(lambda: not uictx.runner.is_busy(), timeout=30_000)
    assert statuses == []  # the result was dropped, not delivered to a deleted dialog (which would raise)
    assert len(list(target.glob("*.fdbackup"))) == 1  # the backup itself ran to the end


def test_choose_button_fills_the_folder(qtbot, uictx, data_paths, target, statuses, monkeypatch) -> None:
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, parent, caption, start="": target))
    dialog = _dialog(qtbot, uictx, data_paths, statuses)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(target)


def test_ask_and_the_end_of_day_runner_return_after_a_verified_backup(qtbot, uictx, data_paths, target,
                                                                      statuses) -> None:
    data_paths.settings_file.write_text(json.dumps({"backup_folder": str(target)}), encoding="utf-8")

    def press_back_up() -> None:
        dialog = backup_dialog_module.BackupDialog.current
        assert dialog is not None and dialog.folder.text() == str(target)
        dialog.start_button.click()

    QTimer.singleShot(0, press_back_up)
    runner = make_backup_runner(uictx, data_paths, statuses.append)
    assert runner(None) is True  # type: ignore[arg-type]
    assert BackupDialog.current is None and len(list(target.glob("*.fdbackup"))) == 1
    assert statuses and statuses[0].startswith("Backup verified")

    def close_it() -> None:
        dialog = BackupDialog.current
        assert dialog is not None
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close_it)
    assert runner(None) is False  # type: ignore[arg-type]


def test_ask_returns_none_when_the_parent_window_closes_under_it(qtbot, uictx, data_paths) -> None:
    parent = QWidget()
    parent.show()

    def sign_out() -> None:
        assert BackupDialog.current is not None and BackupDialog.current.parent() is parent
        parent.deleteLater()  # what signing out does to the main window and its children

    QTimer.singleShot(0, sign_out)
    assert BackupDialog.ask(parent, uictx, data_paths) is None
    assert BackupDialog.current is None
