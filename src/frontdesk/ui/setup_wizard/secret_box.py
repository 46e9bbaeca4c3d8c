"""One secret shown once (an enrolment code, a recovery key, the server recovery code): large, selectable, with
Copy, Print and Save as PDF.

Printing goes the enrolment-code dialog's way (ui/admin/enrolment_code_dialog.py): the page is written as a PDF,
with the same writer Save as PDF uses, and that PDF is printed at actual size (ui/billing/pdf_printing.py). The
file to print lives a moment in a private temporary folder (owner-only) and is removed at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.ui.setup_wizard.pages import plain_label
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog, print_written

WritePdf = Callable[[Path], None]


def save_as_pdf(parent: QWidget, caption: str, suggested_name: str, write: WritePdf) -> Path | None:
    """Ask where, then write the PDF there; the path, or None when cancelled."""
    path = SaveFileDialog.ask(parent, caption, suggested_name, "PDF files (*.pdf)", ".pdf")
    if path is not None:
        write(path)
    return path


def print_as_pdf(parent: QWidget, title: str, write: WritePdf) -> bool:
    """Ask for a printer, then print the page ``write`` makes; False when cancelled."""
    printer = PrinterDialog.ask(parent, title)
    if printer is None:
        return False
    print_written(printer, write)
    return True


class SecretBox(QWidget):
    """A heading, the secret, a note, and its three buttons; ``said`` tells the page what happened, ``failed``
    what went wrong (the page shows both)."""

    said = Signal(str)
    failed = Signal(object)

    def __init__(self, name: str, heading: str, *, point_size: int, what: str, file_name: str,
                 mnemonics: tuple[str, str, str]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.what, self.file_name = what, file_name
        self.write: WritePdf | None = None  # set with the value: the page's PDF writer
        title = QLabel(heading)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        self.value = QLabel()
        self.value.setObjectName(f"{name}_value")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(point_size)
        font.setWeight(QFont.Weight.Bold)
        self.value.setFont(font)
        self.value.setFrameShape(QFrame.Shape.StyledPanel)
        self.value.setMargin(6)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.value.setAccessibleName(heading)
        self.note = plain_label("")
        copy_text, print_text, pdf_text = mnemonics
        self.copy_button = QPushButton(copy_text)
        self.print_button = QPushButton(print_text)
        self.pdf_button = QPushButton(pdf_text)
        for button, action, verb in ((self.copy_button, self.copy, "Copy"), (self.print_button, self.print_page,
                                     "Print"), (self.pdf_button, self.save_pdf, "Save as PDF")):
            button.setObjectName(f"{name}_{verb.split()[0].lower()}")
            button.setAccessibleName(f"{verb}: {heading}")
            button.clicked.connect(action)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.copy_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def show_secret(self, text: str, note: str, write: WritePdf | None) -> None:
        """Show ``text``; without a writer (nothing to keep) the buttons go."""
        self.value.setText(text)
        self.note.setText(note)
        self.write = write
        for button in (self.copy_button, self.print_button, self.pdf_button):
            button.setVisible(write is not None)
        self.value.setVisible(bool(text))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.value.text().replace("\n", "-"))
        self.said.emit(f"The {self.what} was copied. Paste it only where it is kept safe.")

    def print_page(self) -> None:
        assert self.write is not None
        try:
            printed = print_as_pdf(self, f"Print the {self.what}", self.write)
        except Exception as exc:  # noqa: BLE001 (a printer problem is shown, never swallowed)
            self.failed.emit(exc)
            return
        if printed:
            self.said.emit(f"The {self.what} was sent to the printer.")

    def save_pdf(self) -> None:
        assert self.write is not None
        try:
            path = save_as_pdf(self, f"Save the {self.what}", self.file_name, self.write)
        except Exception as exc:  # noqa: BLE001 (a full disk or a read-only folder is shown)
            self.failed.emit(exc)
            return
        if path is not None:
            self.said.emit(f"The {self.what} was saved as {path}.")
