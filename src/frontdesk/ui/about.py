"""Help › About FrontDesk: version and where this practice's data lives."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from frontdesk.paths import DataPaths


def about_text(paths: DataPaths, *, demo: bool = False) -> str:
    """The About box's rich text (version, data folder); no patient data."""
    from frontdesk import __version__

    folder = html.escape(str(paths.root))
    demo_line = "<p><b>DEMO practice</b>: every patient here is made up.</p>" if demo else ""
    return (
        f"<h3>FrontDesk {html.escape(__version__)}</h3>"
        "<p>Offline front-desk software for a small medical practice.</p>"
        f"{demo_line}"
        f"<p>Data folder:<br><code>{folder}</code></p>"
        "<p>The practice data is encrypted; back it up regularly (Admin).</p>"
    )


class AboutDialog(QDialog):
    """A small modal box; :meth:`ask` shows it."""

    def __init__(self, parent: QWidget | None, paths: DataPaths, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("About FrontDesk")
        self.label = QLabel(about_text(paths, demo=demo), self)
        self.label.setObjectName("about_text")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @classmethod
    def ask(cls, parent: QWidget | None, paths: DataPaths, *, demo: bool = False) -> None:
        cls(parent, paths, demo=demo).exec()
