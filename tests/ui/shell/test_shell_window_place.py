"""The main window's size, position and maximised state are remembered per workstation, clamped to the screen."""

from __future__ import annotations

import json

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication

from frontdesk.ui.main_window import window_place
from frontdesk.ui.main_window.window_place import SETTINGS_KEY, default_place, fit_to_screen

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


BIG_MONITOR = QRect(0, 0, 1920, 1040)


def test_with_nothing_remembered_a_small_screen_is_filled_and_a_large_one_gets_a_centred_window() -> None:
    assert default_place(LAPTOP, MINIMUM) == (LAPTOP, True)
    assert default_place(QRect(0, 0, 1280, 984), MINIMUM) == (QRect(0, 0, 1280, 984), True)  # 1280x1024: too narrow
    assert default_place(BIG_MONITOR, MINIMUM) == (QRect(320, 140, 1280, 760), False)
    assert default_place(QRect(0, 0, 800, 900), MINIMUM) == (QRect(0, 0, 1024, 760), False)  # below the minimum


def _laptop_screen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The main window believes it is on a 1366x768 laptop (the offscreen test screen is smaller)."""
    monkeypatch.setattr(window_place, "free_area", lambda window, near=None: QRect(LAPTOP))


def test_the_first_start_on_a_1366x768_laptop_fills_the_screen(qtbot, make_main, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _laptop_screen(monkeypatch)
    main = make_main(practice.actor)
    assert main.windowState() & Qt.WindowState.WindowMaximized
    assert main.normalGeometry() == LAPTOP  # un-maximised it still covers the free area, not 1280 px of it


def test_a_remembered_place_wins_over_filling_the_laptop_but_never_exceeds_it(qtbot, make_main, practice,  # type: ignore[no-untyped-def]
                                                                              data_paths, monkeypatch) -> None:
    _laptop_screen(monkeypatch)
    data_paths.settings_file.write_text(json.dumps(
        {SETTINGS_KEY: {"x": 40, "y": 30, "width": 1100, "height": 640, "maximized": False}}))
    main = make_main(practice.actor)
    assert not main.windowState() & Qt.WindowState.WindowMaximized
    assert main.normalGeometry() == QRect(40, 30, 1100, 640)
    main.close()
    data_paths.settings_file.write_text(json.dumps(
        {SETTINGS_KEY: {"x": 2200, "y": 900, "width": 1800, "height": 1000, "maximized": False}}))
    docked_yesterday = make_main(practice.actor)
    # Shrunk to the laptop's free area (the offscreen platform may nudge the position by its 2 px frame).
    assert docked_yesterday.normalGeometry().size() == LAPTOP.size()
