"""The 1500 (02/12) form itself, drawn with reportlab vectors in drop-out red, for plain-paper copies."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from frontdesk.reports.cms1500 import form_spec as spec
from frontdesk.reports.cms1500.layout import PAGE_HEIGHT
from frontdesk.reports.cms1500.offsets import NO_OFFSETS, PrintOffsets

# NUCC prints the form in OCR drop-out red (PMS 185, about #E4002B) so scanners see only the data.
RED = (0xE4 / 255, 0x00 / 255, 0x2B / 255)
SHADE = (1.0, 0.90, 0.91)  # the light red of box 24's supplemental rows
FORM_NAME = "cms1500_0212"


def _y(top: float) -> float:
    return PAGE_HEIGHT - top


def _draw_rules(canvas: Canvas) -> None:
    canvas.setFillColorRGB(*SHADE)
    for top in spec.LINE_TOPS:  # shaded upper half of every service line
        canvas.rect(spec.LEFT, _y(top + 12.0), spec.RIGHT - spec.LEFT, 12.0, stroke=0, fill=1)
    canvas.setStrokeColorRGB(*RED)
    for stroke in spec.lines():
        canvas.setLineWidth(stroke.width)
        if stroke.dashed:
            canvas.setDash(1, 1.5)
        canvas.line(stroke.x0, _y(stroke.top0), stroke.x1, _y(stroke.top1))
        if stroke.dashed:
            canvas.setDash()
    canvas.setLineWidth(spec.THIN)
    for left, top, width, height in spec.squares():  # check boxes and PICA boxes
        canvas.rect(left, _y(top + height), width, height, stroke=1, fill=0)


def _draw_labels(canvas: Canvas) -> None:
    canvas.setFillColorRGB(*RED)
    for x, baseline, size, text in spec.LABELS:
        canvas.setFont("Helvetica-Bold" if size >= 7.0 else "Helvetica", size)
        canvas.drawString(x, _y(baseline), text)
    canvas.setFont("Helvetica", spec.DATE_CAPTION_SIZE)
    for x, baseline, caption in spec.DATE_CAPTIONS:
        canvas.drawCentredString(x, _y(baseline), caption)
    canvas.setFont("Helvetica", 5.0)
    for yes_x, no_x, baseline in spec.YES_NO:
        canvas.drawString(yes_x, _y(baseline), "YES")
        canvas.drawString(no_x, _y(baseline), "NO")
    canvas.setFont("Helvetica", 9.0)
    for left, right, baseline in spec.PARENS:
        canvas.drawString(left, _y(baseline), "(")
        canvas.drawString(right, _y(baseline), ")")
    canvas.setFont("Helvetica", 6.0)
    for x, baseline, letter in spec.DIAGNOSIS_LETTERS:
        canvas.drawString(x, _y(baseline), f"{letter}.")
    canvas.setFont("Helvetica", 5.0)
    for k, top in enumerate(spec.LINE_TOPS):
        canvas.drawString(484.0, _y(top + 21.0), "NPI")
        canvas.setFont("Helvetica", 10.0)
        canvas.drawString(10.0, _y(top + 18.0), str(k + 1))  # the service line numbers in the margin
        canvas.setFont("Helvetica", 5.0)
    canvas.setFont("Helvetica-Bold", 6.0)
    for centre, caption in spec.SIDE_CAPTIONS:
        canvas.saveState()
        canvas.translate(600.0, _y(centre))
        canvas.rotate(-90)
        canvas.drawCentredString(0, 0, caption)
        canvas.restoreState()


# The form's drawing operators, built once per process: formatting ~300 labels costs ~20 ms in pure-Python
# reportlab, more than a whole data page. They are replayed into each new PDF's form XObject. The operators
# name fonts by the document's internal names, so the cache is used only when those names come out the same.
_FONTS = ("Helvetica-Bold", "Helvetica")
_cache: tuple[tuple[str, ...], list[str]] | None = None


def _font_names(canvas: Canvas) -> tuple[str, ...]:
    return tuple(canvas._doc.getInternalFontName(font) for font in _FONTS)  # registers them in this order


def _define_form(canvas: Canvas) -> None:
    """Draw the form once per PDF as a reusable XObject: every page then references it (fast, small files)."""
    global _cache
    canvas.beginForm(FORM_NAME)
    names = _font_names(canvas)
    if _cache is not None and _cache[0] == names:
        canvas._code.extend(_cache[1])
    else:
        start = len(canvas._code)
        _draw_rules(canvas)
        _draw_labels(canvas)
        _cache = (names, list(canvas._code[start:]))
    canvas.endForm()


def draw_form(canvas: Canvas, offsets: PrintOffsets = NO_OFFSETS) -> None:
    """Put the red form on the current page, shifted by the offsets like the data."""
    if not canvas.hasForm(FORM_NAME):
        _define_form(canvas)
    canvas.saveState()
    canvas.translate(offsets.dx_points, -offsets.dy_points)
    canvas.doForm(FORM_NAME)
    canvas.restoreState()
