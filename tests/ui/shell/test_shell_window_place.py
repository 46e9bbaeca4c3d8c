"""The main window's size, position and maximised state are remembered per workstation, clamped to the screen."""

from __future__ import annotations

import json

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication

from frontdesk.ui.main_window.window_place import SETTINGS_KEY, fit_to_screen

LAPTOP = QRect(0, 0, 1366, 728)  # a 1366x768 screen's free area under a 40 px panel
MINIMUM = QSize(1024, 600)


def test_a_place_that_fits_is_kept() -> None:
    assert fit_to_screen(QRect(40, 30, 1200, 650), LAPTOP, MINIMUM) == QRect(40, 30, 1200, 650)


def test_a_place_from_a_bigger_monitor_is_shrunk_and_moved_onto_the_laptop() -> None:
    assert fit_to_screen(QRect(2200, 900, 1800, 1000), LAPTOP, MINIMUM) == QRect(0, 0, 1366, 728)
    assert fit_to_screen(QRect(-500, -80, 1100, 640), LAPTOP, MINIMUM) == QRect(0, 0, 1100, 640)
    assert fit_to_screen(QRect(900, 400, 1100, 640), LAPTOP, MINIMUM) == QRect(266, 88, 1100, 640)


def test_never_below_the_window_minimum() -> None:
    assert fit_to_screen(QRect(0, 0, 300, 200), LAPTOP, MINIMUM).size() == MINIMUM


def test_closing_remembers_the_place_and_the_next_window_restores_it(qtbot, make_main, practice, data_paths) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    main.setGeometry(QRect(0, 0, 1040, 610))
    main.close()
    saved = json.loads(data_paths.settings_file.read_text())[SETTINGS_KEY]
    assert saved == {"x": 0, "y": 0, "width": 1040, "height": 610, "maximized": False}
    again = make_main(practice.actor)
    # The offscreen test screen is 800 px wide: the width is clamped to it (but not below the window's
    # minimum); the height is the remembered one (the default would be 760).
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert again.size() == fit_to_screen(QRect(0, 0, 1040, 610), free, again.minimumSize()).size() == QSize(1024, 610)
    assert free.contains(again.geometry().topLeft())


def test_a_maximised_window_opens_maximised(qtbot, make_main, practice, data_paths) -> None:  # type: ignore[no-untyped-def]
    data_paths.settings_file.write_text(json.dumps(
        {"backup_folder": "/mnt/usb", SETTINGS_KEY: {"x": 5000, "y": 3000, "width": 3000, "height": 2000,
                                                     "maximized": True}}))
    main = make_main(practice.actor)
    assert main.windowState() & Qt.WindowState.WindowMaximized
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert free.contains(main.normalGeometry().topLeft())  # never off-screen
    main.close()
    saved = json.loads(data_paths.settings_file.read_text())
    assert saved[SETTINGS_KEY]["maximized"] is True and saved["backup_folder"] == "/mnt/usb"


def test_a_damaged_setting_falls_back_to_the_default_size(qtbot, make_main, practice, data_paths) -> None:  # type: ignore[no-untyped-def]
    data_paths.settings_file.write_text(json.dumps({SETTINGS_KEY: {"x": "left", "width": None}}))
    main = make_main(practice.actor)
    assert main.width() >= 1024 and main.height() >= 600


def test_file_dialogs_remember_their_folders_in_this_workstations_file(make_main, practice, data_paths,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    from frontdesk.ui.widgets import file_folders

    monkeypatch.setattr(file_folders, "_settings", {"file": None})
    make_main(practice.actor)
    assert file_folders._settings["file"] == data_paths.settings_file
