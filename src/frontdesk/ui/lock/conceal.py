"""Hide a main window's open dialogs while the screen is locked, and bring them back intact.

Non-modal windows are simply hidden and shown again. A modal dialog running in ``exec()`` cannot
be hidden: QDialog ends its event loop when hidden, and the caller would see "Cancel" and lose what
was typed. So such a dialog stays open, its contents are hidden, and the main window is made
application-modal for the duration of the lock, which lets the lock screen take the keyboard and
mouse while the dialog waits underneath, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from frontdesk.ui.receivers import set_concealed


def owned_windows(main: QWidget) -> list[QWidget]:
    """Visible top-level windows whose parent chain leads to ``main`` (its dialogs, their dialogs...)."""
    found = []
    for widget in QApplication.topLevelWidgets():
        if widget is main or not widget.isVisible() or not widget.isWindow():
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not main:
            parent = parent.parentWidget()
        if parent is main:
            found.append(widget)
    return found


@dataclass
class _Blanked:
    """A modal window kept open while locked, with the children we hid and where it was."""

    window: QWidget
    children: list[QWidget]
    geometry: QRect
    minimum: QSize
    title: str


@dataclass
class WindowConcealer:
    """Conceal the windows a main window owns; restore or discard them afterwards."""

    main: QWidget
    hidden: list[QWidget] = field(default_factory=list)
    blanked: list[_Blanked] = field(default_factory=list)
    _main_made_modal: bool = False

    def conceal(self, locked_title: str) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:  # open menus and completer lists may show data
            popup.close()
            next_popup = QApplication.activePopupWidget()
            popup = None if next_popup is popup else next_popup
        for window in owned_windows(self.main):
            if window.isModal():
                children = [c for c in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                            if c.isVisible() and not c.isWindow()]
                for child in children:
                    child.hide()
                self.blanked.append(_Blanked(window, children, window.geometry(), window.minimumSize(),
                                             window.windowTitle()))
                window.setWindowTitle(locked_title)
                window.setEnabled(False)
                # Shrink it out of the way so it does not cover the lock screen's password field.
                window.setMinimumSize(0, 0)
                window.resize(1, 1)
                window.move(self.main.geometry().topLeft())
            else:
                set_concealed(window, True)  # hidden, not closed: it still hears data changes
                window.hide()
                self.hidden.append(window)
        if self.blanked and self.main.windowModality() == Qt.WindowModality.NonModal:
            self._set_main_modality(Qt.WindowModality.ApplicationModal)
            self._main_made_modal = True

    def restore(self) -> None:
        """Bring every concealed window back as it was, with whatever had been typed in it."""
        if self._main_made_modal:
            self._set_main_modality(Qt.WindowModality.NonModal)
            self._main_made_modal = False
        for window in self.hidden:
            set_concealed(window, False)
            window.show()
        for item in self.blanked:
            item.window.setEnabled(True)
            item.window.setWindowTitle(item.title)
            item.window.setMinimumSize(item.minimum)
            item.window.setGeometry(item.geometry)
            for child in item.children:
                child.show()
        for item in reversed(self.blanked):
            item.window.raise_()
            item.window.activateWindow()
        self.hidden.clear()
        self.blanked.clear()

    def discard(self) -> None:
        """Another user takes over: close the previous user's windows without saving anything."""
        if self._main_made_modal:
            self._set_main_modality(Qt.WindowModality.NonModal)
            self._main_made_modal = False
        for item in self.blanked:
            item.window.setEnabled(True)
            self._close(item.window)
        for window in self.hidden:
            self._close(window)
        self.hidden.clear()
        self.blanked.clear()

    @staticmethod
    def _close(window: QWidget) -> None:
        if isinstance(window, QDialog):
            window.reject()  # ends an exec() loop; its ask() returns "cancelled"
        window.close()
        window.deleteLater()

    def _set_main_modality(self, modality: Qt.WindowModality) -> None:
        # Modality only takes effect when a window is shown, so hide and show it again in place.
        geometry = self.main.geometry()
        maximized = self.main.isMaximized()
        self.main.hide()
        self.main.setWindowModality(modality)
        if maximized:
            self.main.showMaximized()
        else:
            self.main.setGeometry(geometry)
            self.main.show()
