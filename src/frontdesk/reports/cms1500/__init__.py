"""CMS-1500 (02/12) claim forms as PDF: data only for the pre-printed red form, or the full form on plain paper."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from frontdesk.domain.claim_form import ClaimForm
from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500.alignment import alignment_values
from frontdesk.reports.cms1500.data_only import draw_values
from frontdesk.reports.cms1500.full_form import draw_form
from frontdesk.reports.cms1500.layout import PAGE_HEIGHT, PAGE_WIDTH
from frontdesk.reports.cms1500.offsets import (
    NO_OFFSETS,
    PrintOffsets,
    load_offsets,
    save_offsets,
)
from frontdesk.reports.cms1500.values import page_values
from frontdesk.storage.atomic import render_atomically

__all__ = ["MODES", "NO_OFFSETS", "PrintOffsets", "load_offsets", "render_alignment_page", "render_claims", "save_offsets"]

MODES = ("data", "full")


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown CMS-1500 print mode {mode!r}; expected one of {MODES}")


def _new_canvas(path: Path, title: str) -> Canvas:
    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor("FrontDesk")
    canvas.setCreator("FrontDesk")
    return canvas


def _start_page(canvas: Canvas, mode: str, offsets: PrintOffsets) -> None:
    if mode == "full":
        draw_form(canvas, offsets)


def render_claims(forms: Iterable[ClaimForm], out: str | os.PathLike[str], *, mode: str = "data",
                  offsets: PrintOffsets = NO_OFFSETS) -> int:
    """Write every claim (six lines a form) into one PDF at ``out``; returns the number of pages.

    Streams: each ClaimForm is read, drawn and its page closed before the next one is taken from
    ``forms``, so a batch of thousands never sits in memory. The offsets shift everything printed (in
    "full" mode the drawn form moves with its data).
    """
    _check_mode(mode)
    pages = 0

    def render(tmp: Path) -> None:
        nonlocal pages
        canvas = _new_canvas(tmp, "CMS-1500 claims")
        for form in forms:
            chunks = form.pages()
            for number, lines in enumerate(chunks, start=1):
                _start_page(canvas, mode, offsets)
                draw_values(canvas, page_values(form, lines, number, len(chunks)), offsets)
                canvas.showPage()
                pages += 1
        if pages == 0:
            raise ValidationError("claims", "There are no claims to print.")
        canvas.save()

    render_atomically(out, render, what="the claim forms file")
    return pages


def render_alignment_page(out: str | os.PathLike[str], *, offsets: PrintOffsets = NO_OFFSETS,
                          mode: str = "data") -> None:
    """One test page for a blank red form: X marks and sample values in known boxes, plus the offsets in use."""
    _check_mode(mode)

    def render(tmp: Path) -> None:
        canvas = _new_canvas(tmp, "CMS-1500 alignment test")
        _start_page(canvas, mode, offsets)
        draw_values(canvas, alignment_values(offsets), offsets)
        canvas.showPage()
        canvas.save()

    render_atomically(out, render, what="the alignment test file")
