"""File dialogs open in the user's Documents folder (never the program's folder) and remember the last folder
per kind of file on this workstation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from frontdesk.ui.backup.choosers import BackupFileDialog, FolderDialog
from frontdesk.ui.widgets import file_folders
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.file_folders import SETTINGS_KEY, documents_folder, remember_folders_in


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> Path:  # type: ignore[no-untyped-def]
    """A home folder with a Documents folder, and a different current directory (the 'program folder')."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    program = tmp_path / "program"
    program.mkdir()
    monkeypatch.chdir(program)
    monkeypatch.setattr(file_folders, "_settings", {"file": None})
    return home


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The (caption, start) each Qt file dialog was opened with; each answers with ANSWER[0]."""
    seen: list[tuple[str, str]] = []

    def save(parent, caption, start, name_filter=""):  # type: ignore[no-untyped-def]
        seen.append((caption, start))
        return ANSWER[0], name_filter

    def folder(parent, caption, start):  # type: ignore[no-untyped-def]
        seen.append((caption, start))
        return ANSWER[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    return seen


ANSWER = [""]


def test_documents_or_home_never_the_current_directory(home: Path) -> None:
    assert documents_folder() == home / "Documents"
    (home / "Documents").rmdir()  # a fresh account without the folder: home, not the program's folder
    assert documents_folder() == home


def test_save_dialog_starts_in_documents_then_in_the_last_folder_for_that_kind(home: Path, asked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "practice" / "workstation.json"
    remember_folders_in(settings)
    ANSWER[0] = ""
    assert SaveFileDialog.ask(None, "Save as PDF", "statement-7.pdf", "PDF files (*.pdf)", ".pdf") is None
    assert asked[-1] == ("Save as PDF", str(home / "Documents" / "statement-7.pdf"))

    usb = tmp_path / "usb" / "statements"
    usb.mkdir(parents=True)
    ANSWER[0] = str(usb / "statement-7")
    assert SaveFileDialog.ask(None, "Save as PDF", "statement-7.pdf", "PDF files (*.pdf)", ".pdf") == \
        usb / "statement-7.pdf"
    ANSWER[0] = ""
    SaveFileDialog.ask(None, "Save as PDF", "aging.pdf", "PDF files (*.pdf)", ".pdf")
    assert asked[-1][1] == str(usb / "aging.pdf")  # pdf: the folder used last time
    SaveFileDialog.ask(None, "Export aging as CSV", "aging.csv")
    assert asked[-1][1] == str(home / "Documents" / "aging.csv")  # csv: its own folder, none yet
    assert json.loads(settings.read_text())[SETTINGS_KEY] == {"pdf": str(usb)}


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(home: Path, asked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "workstation.json"
    settings.write_text(json.dumps({SETTINGS_KEY: {"837": str(tmp_path / "unplugged")}}))
    remember_folders_in(settings)
    ANSWER[0] = ""
    SaveFileDialog.ask(None, "Export 837P", "claims.837", "837 files (*.837)", ".837")
    assert asked[-1][1] == str(home / "Documents" / "claims.837")


def test_backup_choosers_start_in_documents_not_the_program_folder(home: Path, asked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    remember_folders_in(tmp_path / "workstation.json")
    ANSWER[0] = ""
    FolderDialog.ask(None, "Choose the backup folder", "")
    BackupFileDialog.ask(None, "Choose the backup to restore", "")
    assert [start for _caption, start in asked] == [str(home / "Documents")] * 2
    drive = tmp_path / "drive"
    drive.mkdir()
    ANSWER[0] = str(drive / "practice-2026.fdbackup")
    BackupFileDialog.ask(None, "Choose the backup to restore", "")
    ANSWER[0] = ""
    FolderDialog.ask(None, "Choose the backup folder", "")
    assert asked[-1][1] == str(drive)
    # A folder the form already holds wins.
    FolderDialog.ask(None, "Choose the backup folder", str(home))
    assert asked[-1][1] == str(home)

