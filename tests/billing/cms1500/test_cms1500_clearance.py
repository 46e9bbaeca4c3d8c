"""Nothing printed touches the form's lines (issue 21 item 5).

Every field filled to its width with the worst characters the form can print: its ink, from Courier's glyph
boxes, keeps CLEAR points from every rule, underline, tick and square the full form draws (form_spec's own
list); and the plain-paper form rendered at 300 dpi shows no data pixel on or next to a red one.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pytest
import reportlab
from cms1500_boxes import CHECK_BOXES
from PIL import Image, ImageChops, ImageFilter
from reportlab.pdfgen.canvas import Canvas

from frontdesk.reports.cms1500 import form_spec
from frontdesk.reports.cms1500.data_only import draw_values
from frontdesk.reports.cms1500.full_form import draw_form
from frontdesk.reports.cms1500.layout import (
    FIELDS,
    FONT_SIZE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PITCH,
    Field,
    baseline,
    field_origin,
)
from frontdesk.reports.cms1500.offsets import NO_OFFSETS

# Courier's glyph boxes as reportlab ships the font (its Type 1 metrics file).
COURIER_AFM = Path(reportlab.__file__).parent / "fonts" / "com_____.afm"
# What the form prints (text.py): capitals and digits, commas in names, hyphens in names and ids, the period
# of an NDC quantity. Q and the comma reach lowest, the digits highest. A check box holds only an X; dates,
# amounts, phone numbers, ZIP codes, NPIs and units only digits.
TEXT = string.ascii_uppercase + string.digits + ",-."
DIGIT_FIELDS = re.compile(r"(_mm|_dd|_yy|_yyyy|_date|_dollars|_cents|_zip|_area|_phone|_npi|_units|^17b|^32a|^33a)$")
# Worst-case filler: descenders (Q, comma), tall digits, wide capitals.
WORST = "QW0,QJ8M-Q,A9"
CLEAR = 0.5  # points between a character's ink and a rule's edge: two pixels at 300 dpi
DPI = 300
SCALE = DPI / 72


class Ink(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float


@cache
def _glyph_boxes() -> dict[str, tuple[float, float, float, float]]:
    """Character -> (left, bottom, right, top) of its ink at FONT_SIZE, relative to its origin."""
    boxes = {}
    pattern = re.compile(r"C (\d+) ; WX \d+ ; N \S+ ; B (-?\d+) (-?\d+) (-?\d+) (-?\d+) ;")
    for line in COURIER_AFM.read_text(encoding="latin-1").splitlines():
        match = pattern.match(line)
        if match:
            code, *box = (int(v) for v in match.groups())
            boxes[chr(code)] = tuple(v * FONT_SIZE / 1000 for v in box)
    return boxes


def _is_check_box(field: Field) -> bool:
    return field.box in CHECK_BOXES


def _characters(name: str) -> str:
    if _is_check_box(FIELDS[name]):
        return "X"
    return string.digits if DIGIT_FIELDS.search(name) else TEXT


def _ink(name: str) -> Ink:
    """Where the field's worst-case text can put ink, full width, in points from the page's top-left."""
    field = FIELDS[name]
    boxes = [_glyph_boxes()[ch] for ch in _characters(name)]
    left, base = field_origin(field)[0], baseline(field)
    return Ink(left + min(b[0] for b in boxes),
               base - max(b[3] for b in boxes),
               left + (field.width - 1) * PITCH + max(b[2] for b in boxes),
               base - min(b[1] for b in boxes))


def _too_close(ink: Ink, stroke: form_spec.Stroke) -> bool:
    reach = stroke.width / 2 + CLEAR
    x0, x1 = sorted((stroke.x0, stroke.x1))
    top, bottom = sorted((stroke.top0, stroke.top1))
    return (x0 - reach < ink.right and ink.left < x1 + reach
            and top - reach < ink.bottom and ink.top < bottom + reach)


def _exempt(name: str, stroke: form_spec.Stroke) -> bool:
    # NUCC: box 24's shaded supplemental line runs across the column rules of 24A-24G by design.
    return name.endswith("_supplemental") and stroke.x0 == stroke.x1


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_clears_every_rule(name: str) -> None:
    ink = _ink(name)
    touching = [s for s in form_spec.rule_segments() if _too_close(ink, s) and not _exempt(name, s)]
    assert not touching, f"{name}: ink {ink} within {CLEAR} pt of {touching}"


def test_the_worst_case_ink_reaches_below_the_baseline() -> None:
    """The check above is only as good as its characters: a Q and a comma hang below the baseline."""
    assert _ink("2").bottom > baseline(FIELDS["2"]) + 1.4
    assert _ink("1_medicare").bottom == baseline(FIELDS["1_medicare"])  # an X sits on it
    assert _characters("24_0_cents") == string.digits and _characters("24_0_cpt") == TEXT


# ---- the same at 300 dpi: render the form alone and the data alone, then overlay the pixels ----

def _worst_values() -> dict[str, str]:
    values = {}
    for name, field in FIELDS.items():
        filler = "".join(ch for ch in WORST if ch in _characters(name)) or "X"
        values[name] = (filler * field.width)[:field.width]
    return values


def _render(path: Path, draw) -> Image.Image:
    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        image = page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    return image


@pytest.fixture(scope="module")
def overlap(tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """White where a data pixel falls on, or one pixel from, a pixel of the red form (rules and captions)."""
    folder = tmp_path_factory.mktemp("raster")
    form = _render(folder / "form.pdf", lambda c: draw_form(c, NO_OFFSETS))
    data = _render(folder / "data.pdf", lambda c: draw_values(c, _worst_values(), NO_OFFSETS))
    red = form.point(lambda v: 255 if v < 160 else 0).filter(ImageFilter.MaxFilter(3))  # the light shade is not
    ink = data.point(lambda v: 255 if v < 128 else 0)
    assert ink.getbbox() is not None and red.getbbox() is not None
    return ImageChops.multiply(red, ink)


def _pixels(ink: Ink) -> tuple[int, int, int, int]:
    pad = 2.0  # antialiasing reaches past the metric box
    return (int((ink.left - pad) * SCALE), int((ink.top - pad) * SCALE),
            int((ink.right + pad) * SCALE) + 1, int((ink.bottom + pad) * SCALE) + 1)


def test_at_300_dpi_no_data_pixel_touches_the_red_form(overlap: Image.Image) -> None:
    touching = sorted(name for name in FIELDS if not name.endswith("_supplemental")
                      and overlap.crop(_pixels(_ink(name))).getbbox() is not None)
    assert not touching, f"printed text touches the form's lines or captions in {touching}"


def test_at_300_dpi_the_shaded_line_touches_only_its_column_rules(overlap: Image.Image) -> None:
    """24's supplemental line crosses the column rules (exempt above), but nothing else."""
    for k in range(6):
        ink = _ink(f"24_{k}_supplemental")
        box = _pixels(ink)
        region = overlap.crop(box)
        for stroke in form_spec.rule_segments():
            if stroke.x0 == stroke.x1 and _too_close(ink, stroke):  # a column rule it crosses: blank it out
                x = round(stroke.x0 * SCALE) - box[0]
                region.paste(0, (x - 4, 0, x + 5, region.height))
        assert region.getbbox() is None, f"line {k + 1}: the supplemental text touches a rule"


def test_at_300_dpi_the_signature_and_address_lines_are_clear(overlap: Image.Image) -> None:
    """The issue's cases by name: boxes 12 and 13 on their SIGNED lines, the last line of boxes 32 and 33."""
    for name in ("12_signed", "12_date", "13_signed", "32_2", "33_2"):
        assert overlap.crop(_pixels(_ink(name))).getbbox() is None, name
