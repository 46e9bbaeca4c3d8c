"""Patient letters as PDF: practice letterhead, a #10 window-envelope address block, the merged text.

Positions (US Letter, measured from the top-left corner of the page), chosen so a letter folded in
thirds shows the address through the window of a standard #10 single-window envelope (window 4 1/2" x
1 1/8", 7/8" from the envelope's left edge and 1/2" from its bottom; the folded letter rests on the
envelope's bottom, so the window shows the page from about 2.05" to 3.15" from its top):

* letterhead: 0.5" to 1.5" from the top (practice name, address, phone), rule at 1.6";
* address block: left 1.0", first line 2.125" from the top, at most 5 lines of 10 pt on 12 pt leading
  (ends by 2.95"), width 3.5" -- inside the window whichever way the letter slides;
* date at 3.4", subject at 3.7", body from 3.9" to 1" above the bottom, 1" side margins;
  continuation pages carry a short header and use the full page from 1".

Letters are drawn one after another on a single canvas (one page set per letter), so a batch of any size
never holds more than the letter being drawn. Every merged value is plain text escaped by ``para``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Spacer

from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

PAGE_W, PAGE_H = LETTER
LEFT = 1.0 * inch
BODY_W = PAGE_W - 2 * LEFT
ADDRESS_TOP = 2.125 * inch
ADDRESS_W = 3.5 * inch
ADDRESS_LINES = 5
DATE_TOP = 3.4 * inch
BODY_TOP = 3.9 * inch
BOTTOM = 1.0 * inch
INK = colors.HexColor("#1a1a1a")
BODY = ParagraphStyle("lt-body", fontName="Helvetica", fontSize=11, leading=14.5, textColor=INK, spaceAfter=9)
SUBJECT = ParagraphStyle("lt-subject", parent=BODY, fontName="Helvetica-Bold")


@dataclass(frozen=True)
class LetterDoc:
    """One letter to draw: window lines (recipient first), date text, subject and merged body (plain text)."""

    address: tuple[str, ...]
    date_text: str
    subject: str
    body: str


def _letterhead(canv: Canvas, name: str, lines: tuple[str, ...], phone: str) -> None:
    canv.setFillColor(INK)
    canv.setFont("Helvetica-Bold", 15)
    canv.drawString(LEFT, PAGE_H - 0.72 * inch, name)
    canv.setFont("Helvetica", 9.5)
    y = PAGE_H - 0.95 * inch
    for line in (*lines, f"Phone {phone}" if phone else ""):
        if line:
            canv.drawString(LEFT, y, line)
            y -= 12
    canv.setStrokeColor(colors.HexColor("#888888"))
    canv.setLineWidth(0.6)
    canv.line(LEFT, PAGE_H - 1.6 * inch, PAGE_W - LEFT, PAGE_H - 1.6 * inch)


def _address(canv: Canvas, lines: tuple[str, ...]) -> None:
    # drawString never parses markup, so names print exactly as typed; long lines are cut to the window.
    canv.setFont("Helvetica", 10)
    y = PAGE_H - ADDRESS_TOP - 10
    for line in lines[:ADDRESS_LINES]:
        text = line
        while text and canv.stringWidth(text, "Helvetica", 10) > ADDRESS_W:
            text = text[:-1]
        canv.drawString(LEFT, y, text)
        y -= 12


def _story(doc: LetterDoc) -> list[Flowable]:
    story: list[Flowable] = []
    if doc.subject:
        story.append(para(doc.subject, SUBJECT))
    for block in doc.body.replace("\r\n", "\n").split("\n\n"):
        story.append(para(block.strip("\n"), BODY) if block.strip() else Spacer(1, BODY.leading))
    return story


def _fill(frame: Frame, story: list[Flowable], canv: Canvas) -> None:
    """Draw from the front of ``story`` until the frame is full, splitting a paragraph across pages."""
    while story:
        if frame.add(story[0], canv):
            story.pop(0)
            continue
        parts = frame.split(story[0], canv)
        if len(parts) >= 2 and frame.add(parts[0], canv):
            story[0:1] = parts[1:]
        elif frame._atTop:
            story.pop(0)
        return


def draw_letter(canv: Canvas, doc: LetterDoc, head: tuple[str, tuple[str, ...], str]) -> None:
    """Draw one letter (one or more pages) and end its last page."""
    _letterhead(canv, *head)
    _address(canv, doc.address)
    canv.setFont("Helvetica", 11)
    canv.drawString(LEFT, PAGE_H - DATE_TOP, doc.date_text)
    story = _story(doc)
    frame = Frame(LEFT, BOTTOM, BODY_W, PAGE_H - BODY_TOP - BOTTOM, 0, 0, 0, 0)
    _fill(frame, story, canv)
    page = 1
    while story:
        canv.showPage()
        page += 1
        canv.setFont("Helvetica", 9)
        canv.drawString(LEFT, PAGE_H - 0.7 * inch, f"{doc.address[0]}  \u2014  {doc.date_text}  \u2014  page {page}")
        frame = Frame(LEFT, BOTTOM, BODY_W, PAGE_H - 1.0 * inch - BOTTOM, 0, 0, 0, 0)
        _fill(frame, story, canv)
    canv.showPage()


def write_letters_pdf(path: str | os.PathLike[str], head: tuple[str, tuple[str, ...], str],
                      docs: Iterable[LetterDoc]) -> int:
    """Write every letter of ``docs`` (consumed lazily) to ``path`` atomically; returns how many were drawn.

    ``head`` is (practice name, address lines, phone text).
    """
    count = 0

    def render(tmp: Path) -> None:
        nonlocal count
        canv = Canvas(str(tmp), pagesize=LETTER, invariant=1)
        canv.setTitle("Letters")
        canv.setAuthor(head[0])
        for doc in docs:
            draw_letter(canv, doc, head)
            count += 1
        canv.save()

    render_atomically(path, render, what="the letters PDF")
    return count
