"""Small helpers for driving admin widgets the way a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt

# The offscreen platform warns whenever a top-level window with a layout is shown; it is harmless.


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a line edit's text the way a person does: select all, type."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
