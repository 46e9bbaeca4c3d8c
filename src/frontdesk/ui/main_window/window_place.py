"""The main window's size, position and maximised state, remembered per workstation and restored on the next start.

Kept in workstation.json (``frontdesk.workstation_settings``) rather than QSettings: it is already this
workstation's file for per-machine choices (print offsets, the backup folder, the last folders of the file
dialogs), it lives beside the practice's data where a support person finds it, it is written atomically,
and tests point it at a temporary folder instead of the user's real ~/.config.

A remembered place is clamped to the screen's free area on restore: a laptop that was docked to a large
monitor yesterday must not open the window off-screen or larger than its own 1366x768. With nothing
remembered, a small screen (where the comfortable 1280x760 would leave only a sliver around it, as on a
1366x768 laptop) gets the window maximised over its whole free area; a large screen gets 1280x760, centred.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from frontdesk.errors import StorageError
from frontdesk.workstation_settings import read_settings, write_setting

log = logging.getLogger(__name__)

SETTINGS_KEY = "main_window"
DEFAULT_SIZE = QSize(1280, 760)
# Room a default-sized window must leave around itself on screen; with less the screen counts as small and
# the window fills it (a 1280 px window on a 1366 px laptop only wastes the last 86 px).
SMALL_SCREEN_MARGIN = QSize(160, 100)


def fit_to_screen(rect: QRect, available: QRect, minimum: QSize) -> QRect:
    """``rect`` made no larger than ``available`` (but not below ``minimum``) and moved wholly onto it."""
    width = max(min(rect.width(), available.width()), minimum.width())
    height = max(min(rect.height(), available.height()), minimum.height())
    x = min(max(rect.x(), available.left()), max(available.left(), available.right() + 1 - width))
    y = min(max(rect.y(), available.top()), max(available.top(), available.bottom() + 1 - height))
    return QRect(x, y, width, height)


def free_area(window: QWidget, near: QPoint | None = None) -> QRect | None:
    """The free area (without panels and docks) of the screen at ``near``, else the window's or the primary one."""
    screen = (QGuiApplication.screenAt(near) if near is not None else None) or window.screen() \
        or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def default_place(available: QRect, minimum: QSize) -> tuple[QRect, bool]:
    """Where a window opens with nothing remembered, and whether it opens maximised.

    A small screen: the whole free area, maximised. A large one: 1280x760 centred, not maximised.
    """
    roomy = (available.width() >= DEFAULT_SIZE.width() + SMALL_SCREEN_MARGIN.width()
             and available.height() >= DEFAULT_SIZE.height() + SMALL_SCREEN_MARGIN.height())
    if roomy:
        rect = QRect(QPoint(0, 0), DEFAULT_SIZE)
        rect.moveCenter(available.center())
        return rect, False
    if available.width() >= minimum.width() and available.height() >= minimum.height():
        return QRect(available), True
    # A screen below the window's minimum: maximised, the window would be squeezed below the size its panes
    # are laid out for; the default size, clamped between the two, in the corner instead.
    return fit_to_screen(QRect(available.topLeft(), DEFAULT_SIZE), available, minimum), False


def place_window(window: QWidget, settings_file: Path) -> None:
    """Put the window where this workstation had it last time, else at the default place for its screen."""
    if restore_window_place(window, settings_file):
        return
    available = free_area(window)
    if available is None:  # no screen at all (should not happen): Qt's own placement, at the default size
        window.resize(DEFAULT_SIZE.expandedTo(window.minimumSize()))
        return
    rect, maximised = default_place(available, window.minimumSize())
    _set_place(window, rect, maximised)


def _set_place(window: QWidget, rect: QRect, maximised: bool) -> None:
    """The normal geometry ``rect``, shown maximised or not (set before show(): show() honours the state)."""
    window.setGeometry(rect)
    state = window.windowState() & ~Qt.WindowState.WindowMaximized
    window.setWindowState((state | Qt.WindowState.WindowMaximized) if maximised else state)


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
    available = free_area(window, rect.center())
    if available is not None:
        rect = fit_to_screen(rect, available, window.minimumSize())
    _set_place(window, rect, place.get("maximized") is True)
    return True
