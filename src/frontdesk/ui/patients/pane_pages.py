"""The Patients pane's right-hand side: one page at a time, the hint, the open patient, or the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

EMPTY_HINT = ("Type a last name (or \u201clast, first\u201d), a date of birth, a phone number or an "
              "account number above, then press Enter to open the patient.\n\n"
              "Press Ctrl+N to register a new patient.")


def build_pages(owner: QWidget, view: QWidget, form: QWidget) -> tuple[QStackedWidget, QLabel, QScrollArea]:
    """The stack of the hint, the patient view and the form (in a scroll area: the form is taller than a
    1366x768 screen's pane); returns (stack, hint, form page)."""
    hint = QLabel(EMPTY_HINT, owner)
    hint.setObjectName("patients_hint")
    hint.setWordWrap(True)
    hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    hint.setMargin(12)
    form_page = QScrollArea(owner)
    form_page.setWidgetResizable(True)
    form_page.setFrameShape(QScrollArea.Shape.NoFrame)
    form_page.setWidget(form)
    stack = QStackedWidget(owner)
    for page in (hint, view, form_page):
        stack.addWidget(page)
    return stack, hint, form_page
