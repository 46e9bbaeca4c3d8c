"""Address labels on Avery 5160-style sheets (reportlab, Qt-free).

The 5160 layout (also 5260, 5960, 8160, 8460): US Letter, 3 across and 10 down, each label 2 5/8" x 1",
0.5" from the top of the sheet to the first row, 3/16" from the left edge to the first column, 1/8"
between columns (horizontal pitch 2.75"), no gap between rows (vertical pitch 1"). Text keeps 1/8"
inside each label so a sheet fed a little crooked still prints on the label. drawString never parses
markup, so every value prints as typed; a line too wide for the label is cut, never shrunk.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from frontdesk.storage.atomic import render_atomically

PAGE_W, PAGE_H = LETTER
COLUMNS, ROWS = 3, 10
LABEL_W, LABEL_H = 2.625 * inch, 1.0 * inch
TOP_MARGIN, SIDE_MARGIN = 0.5 * inch, 0.1875 * inch
H_PITCH, V_PITCH = 2.75 * inch, 1.0 * inch
INSET = 0.125 * inch
FONT, SIZE, LEADING = "Helvetica", 9, 10.5
MAX_LINES = 5


def label_origin(index: int) -> tuple[float, float]:
    """Bottom-left corner (points, PDF coordinates) of label ``index`` (0..29) on its sheet, row by row."""
    row, column = divmod(index % (COLUMNS * ROWS), COLUMNS)
    x = SIDE_MARGIN + column * H_PITCH
    y = PAGE_H - TOP_MARGIN - row * V_PITCH - LABEL_H
    return x, y


def fit_line(canv: Canvas, text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """``text`` cut (never shrunk) to ``width`` points in ``font`` at ``size``."""
    while text and canv.stringWidth(text, font, size) > width:
        text = text[:-1]
    return text


def _draw_label(canv: Canvas, index: int, lines: Sequence[str]) -> None:
    x, y = label_origin(index)
    shown = list(lines)[:MAX_LINES]
    # Centre the block vertically so 3-line and 4-line addresses both sit mid-label.
    top = y + LABEL_H / 2 + len(shown) * LEADING / 2 - SIZE
    canv.setFont(FONT, SIZE)
    for n, line in enumerate(shown):
        canv.drawString(x + INSET, top - n * LEADING, fit_line(canv, line, LABEL_W - 2 * INSET))


def render_labels(path: Path, addresses: Sequence[Sequence[str]], *, title: str = "Mailing labels") -> None:
    """Draw one label per address, 30 to a sheet (no atomicity; see write_labels_pdf)."""
    canv = Canvas(str(path), pagesize=LETTER, invariant=1)
    canv.setTitle(title)
    per_sheet = COLUMNS * ROWS
    for index, lines in enumerate(addresses):
        if index and index % per_sheet == 0:
            canv.showPage()
        _draw_label(canv, index, lines)
    canv.showPage()
    canv.save()


def write_labels_pdf(path: str | os.PathLike[str], addresses: Sequence[Sequence[str]]) -> int:
    """Write the labels PDF to ``path`` atomically; returns the number of labels."""
    render_atomically(path, lambda tmp: render_labels(tmp, addresses), what="the labels file")
    return len(addresses)
