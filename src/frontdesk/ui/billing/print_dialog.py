"""'Print ready claims': red forms or full forms, the printer's offsets, claims or an alignment page, PDF or printer."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.reports.cms1500 import PrintOffsets

OFFSET_LIMIT = 50  # half an inch either way: more than that is a paper-feed problem, not an offset


@dataclass(frozen=True)
class PrintChoice:
    """What to print and where: ``what`` claims|alignment, ``mode`` data|full, ``destination`` pdf|printer."""

    what: str
    mode: str
    offsets: PrintOffsets
    destination: str


def _offset_box(parent: QWidget, value: int, name: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(-OFFSET_LIMIT, OFFSET_LIMIT)
    box.setSuffix(" /100 in")
    box.setValue(value)
    return box


class PrintClaimsDialog(QDialog):
    """Shows how many ready claims would print; ``outcome`` is a PrintChoice after Save as PDF or Print."""

    def __init__(self, parent: QWidget | None, ready_count: int, offsets: PrintOffsets) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print ready claims")
        self.setObjectName("print_claims_dialog")
        what_box = QGroupBox("What to print", self)
        self.claims_radio = QRadioButton(f"&Ready claims: {ready_count:,}", what_box)
        self.claims_radio.setObjectName("what_claims")
        self.alignment_radio = QRadioButton("&Alignment page (test the offsets on plain paper first)", what_box)
        self.alignment_radio.setObjectName("what_alignment")
        self.claims_radio.setEnabled(ready_count > 0)
        (self.claims_radio if ready_count else self.alignment_radio).setChecked(True)
        what_group = QButtonGroup(self)
        what_group.addButton(self.claims_radio)
        what_group.addButton(self.alignment_radio)
        what_layout = QVBoxLayout(what_box)
        what_layout.addWidget(self.claims_radio)
        what_layout.addWidget(self.alignment_radio)

        mode_box = QGroupBox("Paper", self)
        self.data_radio = QRadioButton("&Data only, onto pre-printed red CMS-1500 forms", mode_box)
        self.data_radio.setObjectName("mode_data")
        self.full_radio = QRadioButton("&Full form on plain paper (a copy; payers want red forms)", mode_box)
        self.full_radio.setObjectName("mode_full")
        self.data_radio.setChecked(True)
        mode_group = QButtonGroup(self)
        mode_group.addButton(self.data_radio)
        mode_group.addButton(self.full_radio)
        mode_layout = QVBoxLayout(mode_box)
        mode_layout.addWidget(self.data_radio)
        mode_layout.addWidget(self.full_radio)

        offsets_box = QGroupBox("This workstation's printer offsets", self)
        self.x_offset = _offset_box(offsets_box, offsets.x_hundredths, "offset_x")
        self.y_offset = _offset_box(offsets_box, offsets.y_hundredths, "offset_y")
        form = QFormLayout(offsets_box)
        x_label = QLabel("Move &right by:", offsets_box)
        x_label.setBuddy(self.x_offset)
        y_label = QLabel("Move do&wn by:", offsets_box)
        y_label.setBuddy(self.y_offset)
        form.addRow(x_label, self.x_offset)
        form.addRow(y_label, self.y_offset)
        hint = QLabel("Negative values move left / up. They are kept for this computer only.", offsets_box)
        hint.setWordWrap(True)
        form.addRow(hint)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.pdf_button = QPushButton("Save as &PDF\u2026", self)
        self.pdf_button.setObjectName("save_pdf")
        self.print_button = QPushButton("&Print\u2026", self)
        self.print_button.setObjectName("print_now")
        self.print_button.setDefault(True)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.pdf_button.clicked.connect(lambda: self.choose("pdf"))
        self.print_button.clicked.connect(lambda: self.choose("printer"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(what_box)
        row.addWidget(mode_box)
        layout.addLayout(row)
        layout.addWidget(offsets_box)
        layout.addWidget(buttons)
        self.outcome: PrintChoice | None = None

    def choose(self, destination: str) -> None:
        """Close with the choices made."""
        self.outcome = PrintChoice(
            what="claims" if self.claims_radio.isChecked() else "alignment",
            mode="data" if self.data_radio.isChecked() else "full",
            offsets=PrintOffsets(x_hundredths=self.x_offset.value(), y_hundredths=self.y_offset.value()),
            destination=destination,
        )
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, ready_count: int, offsets: PrintOffsets) -> PrintChoice | None:
        """The choice, or None when cancelled."""
        dialog = cls(parent, ready_count, offsets)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
