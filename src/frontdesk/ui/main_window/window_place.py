"""The main window's size, position and maximised state, remembered per workstation and restored on the next start.

Kept in workstation.json (``frontdesk.workstation_settings``) rather than QSettings: it is already this
workstation's file for per-machine choices (print offsets, the backup folder, the last folders of the file
dialogs), it lives beside the practice's data where a support person finds it, it is written atomically,
and tests point it at a temporary folder instead of the user's real ~/.config.

A remembered place is clamped to the screen's free area on restore: a laptop that was docked to a large
monitor yesterday must not open the window off-screen or larger than its own 1366x768.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from frontdesk.errors import StorageError
from frontdesk.workstation_settings import read_settings, write_setting

log = logging.getLogger(__name__)

SETTINGS_KEY = "main_window"


def fit_to_screen(rect: QRect, available: QRect, minimum: QSize) -> QRect:
    """``rect`` made no larger than ``available`` (but not below ``minimum``) and moved wholly onto it."""
    width = max(min(rect.width(), available.width()), minimum.width())
    height = max(min(rect.height(), available.height()), minimum.height())
    x = min(max(rect.x(), available.left()), max(available.left(), available.right() + 1 - width))
    y = min(max(rect.y(), available.top()), max(available.top(), available.bottom() + 1 - height))
    return QRect(x, y, width, height)


def save_window_place(window: QWidget, settings_file: Path) -> None:
    """Remember the window's normal (un-maximised) geometry and whether it is maximised; never fails the close."""
    normal = window.normalGeometry() if window.isMaximized() else window.geometry()
    place = {"x": normal.x(), "y": normal.y(), "width": normal.width(), "height": normal.height(),
             "maximized": window.isMaximized()}
    try:
        write_setting(settings_file, SETTINGS_KEY, place)
    except StorageError:  # a read-only data folder costs the remembered size, not the closing
        log.warning("could not remember the window's size and position")


def restore_window_place(window: QWidget, settings_file: Path) -> bool:
    """Put the window where it was last time (clamped to the screen); False when nothing valid was saved."""
    place = read_settings(settings_file).get(SETTINGS_KEY)
    if not isinstance(place, dict):
        return False
    try:
        rect = QRect(*(int(place[key]) for key in ("x", "y", "width", "height")))
    except (KeyError, TypeError, ValueError):
        return False
    if rect.width() <= 0 or rect.height() <= 0:
        return False
    screen = QGuiApplication.screenAt(rect.center()) or window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        rect = fit_to_screen(rect, screen.availableGeometry(), window.minimumSize())
    window.setGeometry(rect)
    if place.get("maximized") is True:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True
