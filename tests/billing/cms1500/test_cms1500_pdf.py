"""The printed PDF read back with pdfplumber: the 10-cpi/6-lpi grid, box contents, continued claims, offsets."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pdfplumber
import pytest
from billing_support import sample_claim_form, sample_secondary_form
from cms1500_boxes import ICD_IND_SLOT

from frontdesk.domain.claim_form import PersonName
from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500 import (
    NO_OFFSETS,
    PrintOffsets,
    render_alignment_page,
    render_claims,
)
from frontdesk.reports.cms1500.layout import FIELDS, LINE, PITCH, baseline

EPS = 0.01
# pdfminer puts a 12 pt Courier glyph's box top this far above its baseline.
ASCENT = 9.672
# What may appear besides capitals, digits and spaces: commas between name parts, hyphens (hyphenated
# names, ids as on the card), and the slash of the alignment page's "1/100".
ALLOWED = re.compile(r"^[A-Z0-9 ,\-]$")


def _data_chars(page) -> list[dict]:
    return [c for c in page.chars if c["fontname"] == "Courier" and c["text"] != " "]


def _pages(path: Path) -> list[list[dict]]:
    with pdfplumber.open(path) as pdf:
        return [_data_chars(page) for page in pdf.pages]


def _cell(ch: dict, offsets: PrintOffsets = NO_OFFSETS) -> tuple[int, int, float, float]:
    """(row, col, x, baseline) of a character after removing the offsets."""
    x = ch["x0"] - offsets.x_hundredths * 0.72
    base = ch["top"] + ASCENT - offsets.y_hundredths * 0.72
    col, row = round(x / PITCH), int(base // LINE)  # every baseline lies inside its 12 pt row
    assert abs(ch["size"] - 12.0) < EPS
    return row, col, x, base


def _field_texts(chars: list[dict], offsets: PrintOffsets = NO_OFFSETS) -> dict[str, str]:
    """Group the page's characters into layout fields; a character outside every field fails the test."""
    owners = {(f.row, c): name for name, f in FIELDS.items() for c in range(f.col, f.col + f.width)}
    cells: dict[str, dict[int, str]] = {}
    for ch in chars:
        row, col, x, base = _cell(ch, offsets)
        name = owners.get((row, col))
        assert name is not None, f"{ch['text']!r} printed at row {row} col {col}, outside every box"
        field = FIELDS[name]
        assert abs(x - col * PITCH - field.nudge) < EPS, f"{ch['text']!r} at x={ch['x0']} is off the 7.2 pt pitch"
        assert abs(base - baseline(field)) < EPS, f"{ch['text']!r} at top={ch['top']} is off {name}'s baseline"
        cells.setdefault(name, {})[col] = ch["text"]
    texts = {}
    for name, by_col in cells.items():
        field = FIELDS[name]
        texts[name] = "".join(by_col.get(c, " ") for c in range(field.col, field.col + field.width)).rstrip()
    return texts


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "claims.pdf"


def test_data_only_every_character_on_the_grid_inside_a_box(out: Path) -> None:
    assert render_claims([sample_claim_form(lines=6)], out) == 1
    (chars,) = _pages(out)
    assert len(chars) > 300
    texts = _field_texts(chars)
    for ch in chars:
        assert ALLOWED.match(ch["text"]), f"{ch['text']!r} is not allowed on the OCR form"
    assert texts["2"] == "OBRIEN-SMITH, MARY, A"
    assert texts["4"] == "OBRIEN-SMITH JR, JOHN, Q"
    assert texts["5_street"] == "42 ELM ST APT 3"
    assert (texts["3_mm"], texts["3_dd"], texts["3_yyyy"]) == ("03", "07", "2015")  # 8-digit birth date
    assert (texts["11a_mm"], texts["11a_dd"], texts["11a_yyyy"]) == ("11", "30", "1982")
    assert texts["3_f"] == "X" and "3_m" not in texts
    assert texts["1_group_health_plan"] == "X" and texts["6_child"] == "X"
    assert (texts["5_area"], texts["5_phone"]) == ("217", "5550142")
    assert texts["21_ind"] == "0" and texts["21_0"] == "J069" and texts["21_2"] == "E119"
    assert (texts["24_0_from_mm"], texts["24_0_from_dd"], texts["24_0_from_yy"]) == ("11", "02", "26")
    assert texts["24_0_cpt"] == "99213" and texts["24_0_mod0"] == "25" and texts["24_0_pointer"] == "AB"
    assert (texts["24_0_dollars"], texts["24_0_cents"]) == ("  125", "00")  # right-justified, no $ or .
    assert (texts["24_5_dollars"], texts["24_5_cents"]) == ("  175", "00")
    assert (texts["28_dollars"], texts["28_cents"]) == ("  900", "00")
    assert texts["12_signed"] == texts["13_signed"] == "SIGNATURE ON FILE"
    assert texts["14_qual"] == "431" and texts["17_name"] == "LINH T NGUYEN" and texts["17_qual"] == "DN"
    assert texts["32_2"] == "SPRINGFIELD IL 627011234" and texts["33b"] == "ZZ207Q00000X"
    assert texts["31_date"] == "11 03 26" and texts["12_date"] == "01 05 26"
    assert "page_of" not in texts and "29_dollars" not in texts


def test_fourteen_lines_continue_on_three_forms_each_with_its_own_total(out: Path) -> None:
    form = sample_claim_form(lines=14)
    assert render_claims([form], out) == 3
    pages = [_field_texts(chars) for chars in _pages(out)]
    for number, texts in enumerate(pages, start=1):
        lines = form.lines[(number - 1) * 6:number * 6]
        assert texts["page_of"] == f"PAGE {number} OF 3"
        assert texts["2"] == "OBRIEN-SMITH, MARY, A" and texts["21_0"] == "J069"  # every form complete
        printed = [texts[f"24_{k}_cpt"] for k in range(6) if f"24_{k}_cpt" in texts]
        assert printed == [line.code for line in lines]
        total = sum(line.charge_cents for line in lines)
        assert texts["28_dollars"].strip() == str(total // 100) and texts["28_cents"] == f"{total % 100:02d}"


def test_secondary_claim_prints_other_coverage_and_amount_paid(out: Path) -> None:
    render_claims([sample_secondary_form()], out)
    (texts,) = [_field_texts(chars) for chars in _pages(out)]
    assert texts["9"] == "OBRIEN-SMITH, JOHN, Q" and texts["9d"] == "PRAIRIE PPO GOLD"
    assert texts["11d_yes"] == "X" and "11d_no" not in texts
    assert (texts["29_dollars"], texts["29_cents"]) == ("  160", "00")


def test_offsets_move_every_character_by_hundredths_of_an_inch(tmp_path: Path) -> None:
    plain, shifted = tmp_path / "plain.pdf", tmp_path / "shifted.pdf"
    offsets = PrintOffsets(x_hundredths=7, y_hundredths=-13)
    render_claims([sample_claim_form()], plain)
    render_claims([sample_claim_form()], shifted, offsets=offsets)
    (before,), (after,) = _pages(plain), _pages(shifted)
    assert len(before) == len(after)
    for a, b in zip(before, after, strict=True):
        assert a["text"] == b["text"]
        assert b["x0"] - a["x0"] == pytest.approx(0.07 * 72, abs=EPS)
        assert b["top"] - a["top"] == pytest.approx(-0.13 * 72, abs=EPS)
    _field_texts(after, offsets)  # still on the grid once the offsets are taken off


def test_markup_in_a_name_prints_literally(out: Path) -> None:
    patient = sample_claim_form().patient
    odd = dataclasses.replace(patient, name=PersonName("<b>&Lee", "Ann"))
    render_claims([sample_claim_form(patient=odd)], out)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "<B>" not in text and "&" not in text  # OCR forms take no symbols: they are dropped, not parsed
    (texts,) = [_field_texts(chars) for chars in _pages(out)]
    assert texts["2"] == "B LEE, ANN"


def test_full_form_draws_labels_and_keeps_the_data_on_the_grid(out: Path) -> None:
    render_claims([sample_claim_form()], out, mode="full")
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        red = [r for r in page.lines + page.rects if r.get("stroking_color") and r["stroking_color"][0] > 0.8]
        chars = _data_chars(page)
    for label in ("PATIENT'S NAME", "HEALTH INSURANCE CLAIM FORM", "TOTAL CHARGE", "FEDERAL TAX I.D. NUMBER"):
        assert label in text
    assert len(red) > 100
    texts = _field_texts(chars)
    assert texts["2"] == "OBRIEN-SMITH, MARY, A"


def test_batch_streams_one_claim_at_a_time(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfgen.canvas import Canvas

    pages_done: list[int] = []
    original = Canvas.showPage

    def counting(self: Canvas) -> None:
        pages_done.append(1)
        original(self)

    monkeypatch.setattr(Canvas, "showPage", counting)
    seen: list[int] = []

    def claims():
        for i in range(5):
            seen.append(len(pages_done))  # pages finished when the next claim is asked for
            yield sample_claim_form(claim_id=i)

    assert render_claims(claims(), out) == 5
    assert seen == [0, 1, 2, 3, 4]


def test_alignment_page_marks_boxes_and_prints_the_offsets(out: Path) -> None:
    offsets = PrintOffsets(x_hundredths=-5, y_hundredths=12)
    render_alignment_page(out, offsets=offsets)
    (chars,) = _pages(out)
    texts = _field_texts(chars, offsets)
    assert texts["payer_1"] == "OFFSETS X -5 LEFT Y +12 DOWN"
    assert texts["1_medicare"] == texts["27_yes"] == texts["25_ein"] == "X"
    render_alignment_page(out, mode="full")
    with pdfplumber.open(out) as pdf:
        assert "PATIENT'S NAME" in pdf.pages[0].extract_text()


def test_bad_input_is_refused_and_leaves_no_file(out: Path) -> None:
    with pytest.raises(ValidationError):
        render_claims([], out)
    assert not out.exists()
    with pytest.raises(ValueError):
        render_claims([sample_claim_form()], out, mode="colour")
    huge = sample_claim_form(lines=1)
    huge = dataclasses.replace(huge, lines=(dataclasses.replace(huge.lines[0], charge_cents=10_000_000),))
    with pytest.raises(ValidationError):
        render_claims([huge], out)
    assert not out.exists() and not list(out.parent.glob("*.tmp"))


def test_medicare_replacement_claim_with_a_drug_line(out: Path) -> None:
    form = sample_claim_form(lines=1, claim_type="medicare", insured_group="", frequency_code="7",
                             original_reference="ICN-2026-0001")
    drug = dataclasses.replace(form.lines[0], code="J1100", ndc="00409-1234-01", ndc_unit="ML", ndc_quantity="1.5",
                               emergency=True)
    render_claims([dataclasses.replace(form, lines=(drug,))], out)
    (texts,) = [_field_texts([c for c in chars if c["text"] != "."]) for chars in _pages(out)]
    assert texts["1_medicare"] == "X" and texts["11"] == "NONE"
    assert texts["22_code"] == "7" and texts["22_ref"] == "ICN-2026-0001"
    assert texts["24_0_supplemental"].startswith("N400409123401   ML1")
    assert texts["24_0_emg"] == "Y"


def test_continued_secondary_claim_splits_the_amount_paid_by_form(out: Path) -> None:
    primary = sample_claim_form(lines=8)
    lines = tuple(dataclasses.replace(line, prior_paid_cents=8000) for line in primary.lines)
    render_claims([dataclasses.replace(primary, lines=lines, amount_paid_cents=8000 * 8 + 2500)], out)
    first, second = [_field_texts(chars) for chars in _pages(out)]
    assert (first["29_dollars"].strip(), first["29_cents"]) == ("505", "00")  # 6 lines + the unallocated 25.00
    assert (second["29_dollars"].strip(), second["29_cents"]) == ("160", "00")


def test_icd_indicator_prints_inside_its_dashed_slot(out: Path) -> None:
    """Box 21: the "0" (ICD-10) sits between the dashed rules of the ICD Ind. slot, not right of it."""
    render_claims([sample_claim_form()], out)
    with pdfplumber.open(out) as pdf:
        indicator = [c for c in _data_chars(pdf.pages[0]) if 450 < c["top"] < 470 and c["x0"] > 300]
    assert [c["text"] for c in indicator] == ["0"]
    x0, top, x1, bottom = ICD_IND_SLOT
    (ch,) = indicator
    assert x0 < ch["x0"] and ch["x1"] < x1, (ch["x0"], ch["x1"], ICD_IND_SLOT)
    # A Courier capital's ink runs from 3.4 pt below its 12 pt box's top down to the baseline at 9.7 pt.
    assert top <= ch["top"] + 3.4 and ch["top"] + 9.7 <= bottom


def test_patient_payments_on_a_continued_claims_lines_count_on_their_own_form(out: Path) -> None:
    """Box 29 is what the patient and earlier payers paid on the form's own lines (NUCC item 29)."""
    form = sample_claim_form(lines=8)
    lines = tuple(dataclasses.replace(line, prior_paid_cents=8000, patient_paid_cents=2000 if k == 6 else 0)
                  for k, line in enumerate(form.lines))
    render_claims([dataclasses.replace(form, lines=lines, amount_paid_cents=8000 * 8)], out)
    first, second = [_field_texts(chars) for chars in _pages(out)]
    assert (first["29_dollars"].strip(), first["29_cents"]) == ("480", "00")
    assert (second["29_dollars"].strip(), second["29_cents"]) == ("180", "00")  # 2 x 80 + the patient's 20


def test_nine_digit_zip_codes_print_without_the_hyphen_in_every_box(out: Path) -> None:
    """NUCC items 5, 7, 32, 33 (and the carrier block): 'Enter the 9-digit ZIP code without the hyphen.'"""
    form = sample_claim_form()
    patient = dataclasses.replace(form.patient, address=dataclasses.replace(form.patient.address, zip_code="331110001"))
    insured = dataclasses.replace(form.insured, address=dataclasses.replace(form.insured.address, zip_code="331110002"))
    payer = dataclasses.replace(form.payer_address, zip_code="606010003")
    render_claims([dataclasses.replace(form, patient=patient, insured=insured, payer_address=payer)], out)
    (texts,) = [_field_texts(chars) for chars in _pages(out)]
    assert texts["5_zip"] == "331110001" and texts["7_zip"] == "331110002"
    assert texts["payer_2"] == "CHICAGO IL 606010003"
    assert texts["32_2"] == texts["33_2"] == "SPRINGFIELD IL 627011234"


def test_ndc_line_puts_the_unit_qualifier_at_position_17(out: Path) -> None:
    """Shaded 24A: N4 and the 11-digit NDC in positions 1-13, three spaces, then unit qualifier and quantity
    from position 17 (Medicare instructions for item 24, CMS Claims Processing Manual ch. 26)."""
    form = sample_claim_form(lines=1)
    drug = dataclasses.replace(form.lines[0], code="J3420", ndc="00781-3207-95", ndc_unit="UN", ndc_quantity="2")
    render_claims([dataclasses.replace(form, lines=(drug,))], out)
    (texts,) = [_field_texts(chars) for chars in _pages(out)]
    assert texts["24_0_supplemental"] == "N400781320795   UN2"
    assert texts["24_0_supplemental"].index("UN") == 16  # position 17, 1-based
