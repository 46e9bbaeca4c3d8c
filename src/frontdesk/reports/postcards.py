"""Reminder postcards, four to a US Letter sheet (reportlab, Qt-free).

Each card is a quarter sheet, 4 1/4" x 5 1/2" (the 4-up postcard stock sold as Avery 8387/5389-style
perforated cards, or plain paper cut in four), printed with the card turned landscape (5 1/2" wide): the
left half holds the practice's return address and the merged message, the right half the recipient's
address and a stamp box, and the bottom 5/8" of the right half is left clear for the Postal Service's
barcode. The text is the same merged LetterDoc a letter prints; every value is escaped by ``para``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from frontdesk.reports._pdf import para
from frontdesk.reports.letter_pdf import LetterDoc
from frontdesk.reports.mailing_labels import fit_line
from frontdesk.storage.atomic import render_atomically

PAGE_W, PAGE_H = LETTER
CARD_LONG, CARD_SHORT = 5.5 * inch, 4.25 * inch  # each card is a quarter of the sheet
PAD = 0.25 * inch
BARCODE_CLEAR = 0.625 * inch
_INK = colors.HexColor("#1a1a1a")
_TEXT = ParagraphStyle("pc-text", fontName="Helvetica", fontSize=8.5, leading=10.5, textColor=_INK, spaceAfter=4)
_SUBJECT = ParagraphStyle("pc-subject", parent=_TEXT, fontName="Helvetica-Bold")


def card_origin(index: int) -> tuple[float, float]:
    """Bottom-left corner of card ``index`` (0..3 on its sheet): two across, two down, top row first."""
    row, column = divmod(index % 4, 2)
    return column * CARD_SHORT, PAGE_H - (row + 1) * CARD_LONG


def _lines(canv: Canvas, x: float, top: float, lines: Iterable[str], font: str, size: float, width: float) -> None:
    canv.setFont(font, size)
    for n, line in enumerate(lines):
        canv.drawString(x, top - (n + 1) * (size + 2), fit_line(canv, line, width, font, size))


def _draw_card(canv: Canvas, index: int, doc: LetterDoc, head: tuple[str, tuple[str, ...], str]) -> None:
    x, y = card_origin(index)
    canv.saveState()
    # Turn the card so its long side runs left to right: (0, 0) is its bottom-left corner as it is read.
    canv.translate(x + CARD_SHORT, y)
    canv.rotate(90)
    half = CARD_LONG / 2
    canv.setFillColor(_INK)
    _lines(canv, PAD, CARD_SHORT - PAD, (head[0], *head[1]), "Helvetica", 7, half - 2 * PAD)
    story = [para(doc.subject, _SUBJECT)] if doc.subject else []
    story += [para(block.strip("\n"), _TEXT) for block in doc.body.replace("\r\n", "\n").split("\n\n") if block.strip()]
    frame = Frame(PAD, PAD, half - 1.5 * PAD, CARD_SHORT - 2 * PAD - 0.6 * inch, 0, 0, 0, 0)
    frame.addFromList(story, canv)  # what does not fit is left off: the card says to call the practice
    canv.setStrokeColor(colors.HexColor("#888888"))
    canv.setLineWidth(0.5)
    canv.line(half, PAD, half, CARD_SHORT - PAD)
    canv.rect(CARD_LONG - PAD - 0.75 * inch, CARD_SHORT - PAD - 0.9 * inch, 0.75 * inch, 0.9 * inch)
    canv.setFont("Helvetica", 6)
    canv.drawCentredString(CARD_LONG - PAD - 0.375 * inch, CARD_SHORT - PAD - 0.5 * inch, "PLACE STAMP")
    canv.setFillColor(_INK)
    address_top = BARCODE_CLEAR + 1.5 * inch
    _lines(canv, half + PAD, address_top, doc.address[:5], "Helvetica", 10, half - 2 * PAD)
    canv.restoreState()


def _cut_marks(canv: Canvas) -> None:
    canv.setStrokeColor(colors.HexColor("#bbbbbb"))
    canv.setLineWidth(0.3)
    canv.setDash(3, 3)
    canv.line(PAGE_W / 2, 0, PAGE_W / 2, PAGE_H)
    canv.line(0, PAGE_H / 2, PAGE_W, PAGE_H / 2)
    canv.setDash()


def write_postcards_pdf(path: str | os.PathLike[str], head: tuple[str, tuple[str, ...], str],
                        docs: Iterable[LetterDoc]) -> int:
    """Write one postcard per doc (consumed lazily), four to a sheet, to ``path`` atomically; returns the count.

    ``head`` is (practice name, address lines, phone text), as for letters."""
    count = 0

    def render(tmp: Path) -> None:
        nonlocal count
        canv = Canvas(str(tmp), pagesize=LETTER, invariant=1)
        canv.setTitle("Postcards")
        canv.setAuthor(head[0])
        for doc in docs:
            if count and count % 4 == 0:
                canv.showPage()
            if count % 4 == 0:
                _cut_marks(canv)
            _draw_card(canv, count, doc, head)
            count += 1
        canv.showPage()
        canv.save()

    render_atomically(path, render, what="the postcards PDF")
    return count
