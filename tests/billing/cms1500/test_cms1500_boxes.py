"""The measured box table matches the NUCC artwork, and every layout field prints inside its box."""

from __future__ import annotations

import pdfplumber
import pytest
from cms1500_boxes import ARTWORK, ARTWORK_SHIFT, BOXES, CHECK_BOXES, ICD_IND_SLOT

from frontdesk.reports.cms1500 import form_spec, render_alignment_page
from frontdesk.reports.cms1500.layout import FIELDS, PITCH, Field, baseline, field_origin

# Courier capitals ink from about 6.3 pt above their baseline down to it.
CAP_HEIGHT = 6.3
# A Courier glyph's ink stays clear of its 7.2 pt cell by more than this on both sides.
SIDE_TOLERANCE = 0.3
# Box edges that are not red rules on the form (open areas), so they are not looked up in the artwork.
UNRULED = {"carrier", "10b", "21_ind", "17b"}


def _ink(field: Field) -> tuple[float, float]:
    return baseline(field) - CAP_HEIGHT, baseline(field)


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_prints_inside_its_box(name: str) -> None:
    field = FIELDS[name]
    ink_top, ink_bottom = _ink(field)
    x0 = field_origin(field)[0]
    x1 = x0 + field.width * PITCH
    if field.box in CHECK_BOXES:
        left, top, right, bottom = CHECK_BOXES[field.box]
        assert field.width == 1
        assert left < x0 + PITCH / 2 < right, "the X is centred off its check box"
        assert left - SIDE_TOLERANCE <= x0 and x1 <= right + SIDE_TOLERANCE
    else:
        left, top, right, bottom = BOXES[field.box]
        assert left - SIDE_TOLERANCE <= x0 and x1 <= right + SIDE_TOLERANCE, (name, x0, x1, left, right)
    assert top <= ink_top and ink_bottom <= bottom, (name, ink_top, ink_bottom, top, bottom)


def test_fields_do_not_overlap() -> None:
    taken: dict[tuple[int, int], str] = {}
    for name, field in FIELDS.items():
        for col in range(field.col, field.col + field.width):
            assert (field.row, col) not in taken, f"{name} overlaps {taken.get((field.row, col))}"
            taken[(field.row, col)] = name


def test_layout_stays_on_the_page_grid() -> None:
    for field in FIELDS.values():
        assert 0 <= field.row < 66 and 0 <= field.col and field.col + field.width <= 85


@pytest.fixture(scope="module")
def artwork_rules() -> tuple[list[float], list[float], list[tuple[float, float, float, float]]]:
    if not ARTWORK.exists():
        pytest.skip("NUCC reference artwork not available")
    dx, dy = ARTWORK_SHIFT
    with pdfplumber.open(ARTWORK) as pdf:
        page = pdf.pages[0]
        objects = page.lines + page.rects + page.curves
        xs: list[float] = []
        ys: list[float] = []
        squares = []
        for o in objects:
            w, h = o["width"], o["height"]
            if h < 2.5 and w > 8:
                ys.append((o["top"] + o["bottom"]) / 2 - dy)
                xs.extend((o["x0"] - dx, o["x1"] - dx))  # rule ends close boxes at the form's sides
            elif w < 2.5 and h > 8:
                xs.append((o["x0"] + o["x1"]) / 2 - dx)
            elif 10 < w < 12 and 10 < h < 12:
                squares.append((o["x0"] - dx, o["top"] - dy, o["x1"] - dx, o["bottom"] - dy))
    return xs, ys, squares


def _near(value: float, candidates: list[float], tolerance: float = 0.8) -> bool:
    return any(abs(value - c) <= tolerance for c in candidates)


@pytest.mark.parametrize("name", sorted(set(BOXES) - UNRULED))
def test_box_edges_are_rules_of_the_artwork(name: str, artwork_rules) -> None:
    xs, ys, _squares = artwork_rules
    x0, top, x1, bottom = BOXES[name]
    assert _near(x0, xs) and _near(x1, xs), f"{name}: no vertical rule at {x0} or {x1}"
    assert _near(top, ys) and _near(bottom, ys), f"{name}: no horizontal rule at {top} or {bottom}"


@pytest.mark.parametrize("name", sorted(CHECK_BOXES))
def test_check_boxes_are_squares_of_the_artwork(name: str, artwork_rules) -> None:
    _xs, _ys, squares = artwork_rules
    x0, top, _x1, _bottom = CHECK_BOXES[name]
    assert any(abs(x0 - s[0]) < 0.8 and abs(top - s[1]) < 0.8 for s in squares), name


def test_full_form_draws_the_measured_check_boxes() -> None:
    drawn = {(round(x, 1), round(top, 1)) for x, top in form_spec.CHECK_BOXES}
    for x0, top, _x1, _bottom in CHECK_BOXES.values():
        assert any(abs(x0 - x) < 0.3 and abs(top - t) < 0.5 for x, t in drawn)


def test_icd_indicator_slot_is_the_dashed_box_of_the_artwork(artwork_rules) -> None:
    """The slot's sides are the short dashes right of "ICD Ind." (not full rules, so measured here)."""
    dx, dy = ARTWORK_SHIFT
    x0, top, x1, bottom = ICD_IND_SLOT
    with pdfplumber.open(ARTWORK) as pdf:
        dashes = [((o["x0"] + o["x1"]) / 2 - dx, o["top"] - dy, o["bottom"] - dy) for o in pdf.pages[0].lines
                  if o["width"] < 1 and 2 < o["height"] < 5 and 450 < o["top"] - dy < 475]
    for side in (x0, x1):
        column = [d for d in dashes if abs(d[0] - side) < 0.5]
        assert len(column) == 3, f"no dashed rule at x {side}"
        assert min(t for _x, t, _b in column) == pytest.approx(top, abs=0.8)
        assert max(b for _x, _t, b in column) == pytest.approx(bottom, abs=0.8)


def _pica_squares(objects, dx: float = 0.0, dy: float = 0.0) -> set[tuple[float, float]]:
    """(left, top) of the small PICA squares (about 7 x 8.8 pt) above the form's top rule."""
    return {(round(o["x0"] - dx, 1), round(o["top"] - dy, 1)) for o in objects
            if 6.5 < o["width"] < 7.5 and 8.3 < o["height"] < 9.3 and 80.0 < o["top"] - dy < 96.0}


def test_pica_boxes_are_the_squares_of_the_artwork() -> None:
    """Three squares left of the top-left "PICA", three right of the top-right one (NUCC 02/12 artwork)."""
    if not ARTWORK.exists():
        pytest.skip("NUCC reference artwork not available")
    with pdfplumber.open(ARTWORK) as pdf:
        page = pdf.pages[0]
        measured = _pica_squares(page.rects + page.curves, *ARTWORK_SHIFT)
    assert len(measured) == 6
    for x, top in form_spec.PICA_BOXES:
        assert any(abs(x - mx) < 0.5 and abs(top - mt) < 0.5 for mx, mt in measured), (x, top)


def test_full_form_draws_the_pica_boxes_in_red(tmp_path) -> None:
    out = tmp_path / "form.pdf"
    render_alignment_page(out, mode="full")
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        rects = [r for r in page.rects if r["stroking_color"] and r["stroking_color"][0] > 0.8]
        words = [w for w in page.extract_words() if w["text"] == "PICA"]
    drawn = _pica_squares(rects)
    assert drawn == {(round(x, 1), round(top, 1)) for x, top in form_spec.PICA_BOXES}
    left, right = sorted(words, key=lambda w: w["x0"])
    assert max(x for x, _ in drawn if x < 100) + 7.0 < left["x0"]  # squares, then the caption, at the top left
    assert right["x1"] < min(x for x, _ in drawn if x > 500)  # the caption, then the squares, at the top right
