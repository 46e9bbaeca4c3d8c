"""Where every value goes on the CMS-1500 (02/12): the form's 10-cpi x 6-lpi character grid on US Letter.

Row r is the 12 pt band whose top is 12*r pt from the top of the page (66 rows); column c starts 7.2*c pt
from the left edge (85 columns). The red form is drawn for this grid: its rules fall on row boundaries,
its check boxes are centred on character cells and box 24's dotted dividers sit between the date, modifier
and dollar/cents columns. Each field names the box it belongs to (``box``), so the tests can check it
against the rectangles measured on the NUCC artwork.

Vertically a field's baseline sits ``drop`` points below its row's top: BASELINE_DROP for most, higher where
the text sits on one of the form's lines (the SIGNED lines of boxes 12/13, box 21's underlines, the last
address line of boxes 32/33), so that no character touches a rule (test_cms1500_clearance checks every field).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from frontdesk.reports.cms1500.form_spec import (
    BOX_32_33_BOTTOM,
    DIAGNOSIS_LINES,
    ICD_IND_SIDES,
    SIGNATURE_LINES,
    THIN,
)

PAGE_WIDTH = 612.0  # US Letter, points
PAGE_HEIGHT = 792.0
PITCH = 7.2  # 10 characters per inch
LINE = 12.0  # 6 lines per inch
FONT = "Courier"
FONT_SIZE = 12.0  # Courier's advance is 600/1000 em: 12 pt gives exactly 10 cpi
# Baseline below the row's top. The form's rules fall within a point of the row boundaries, so a baseline
# 9.7 pt down (a glyph box filling its row) put a Q's tail, a comma and the X in boxes 25/27 on the rule
# under them; 8.2 pt keeps them 0.6 pt or more clear of it, and capitals clear of the rule above.
BASELINE_DROP = 8.2
# The ink of 12 pt Courier around its baseline in the fonts printers and viewers use for it: digits reach
# 7.3 pt above, a Q's tail or a comma 1.9 pt below.
INK_ABOVE, INK_BELOW = 7.3, 1.9
# Where the text sits on a line, its baseline is this far above the line: the descenders and half the
# rule's width, with 0.75 pt to spare.
ON_RULE = INK_BELOW + THIN / 2 + 0.75


@dataclass(frozen=True)
class Field:
    """``width`` characters from (row, col); ``right`` fields are right-justified (dollar columns).

    ``width`` is the box's capacity: the whole 10-cpi cells between its rules from where the field starts
    (test_cms1500_boxes checks every field against the rules measured on the NUCC artwork). Nothing longer is
    printed: fitting.py abbreviates an address line or the value is a problem to fix (never cut).
    """

    row: int
    col: int
    width: int
    box: str
    right: bool = False
    drop: float = BASELINE_DROP  # baseline below the row's top, points
    nudge: float = 0.0  # points right of the column's cell


FIELDS: dict[str, Field] = {}


def _add(name: str, row: int, col: int, width: int, box: str, right: bool = False,
         drop: float = BASELINE_DROP, nudge: float = 0.0) -> None:
    FIELDS[name] = Field(row, col, width, box, right, drop, nudge)


def _on_rule(rule_top: float, row: int) -> float:
    """The drop that puts row ``row``'s baseline ON_RULE above the rule at ``rule_top``."""
    return rule_top - ON_RULE - row * LINE


def _between(upper: float, lower: float, row: int) -> float:
    """The drop that centres row ``row``'s ink between the rules at ``upper`` and ``lower`` (tops, points)."""
    free_top, free_bottom = upper + THIN / 2, lower - THIN / 2
    return (free_top + INK_ABOVE + free_bottom - INK_BELOW) / 2 - row * LINE


# Carrier block (upper right): the payer's name and address; "PAGE n OF m" on continued claims.
_add("page_of", 2, 44, 12, "carrier")  # row 1 may fall in a laser printer's unprintable edge
for _i in range(4):
    _add(f"payer_{_i}", 3 + _i, 44, 35, "carrier")

# Box 1: one X per program, row 9; 1a the insured's id.
CLAIM_TYPE_COLUMNS = {"medicare": 3, "medicaid": 10, "tricare": 17, "champva": 26,
                      "group_health_plan": 33, "feca_black_lung": 41, "other": 47}
for _kind, _col in CLAIM_TYPE_COLUMNS.items():
    _add(f"1_{_kind}", 9, _col, 1, f"1_{_kind}")
_add("1a", 9, 52, 29, "1a")

_add("2", 11, 3, 28, "2")
_add("3_mm", 11, 33, 2, "3")
_add("3_dd", 11, 36, 2, "3")
_add("3_yyyy", 11, 39, 4, "3")
_add("3_m", 11, 44, 1, "3_m")
_add("3_f", 11, 49, 1, "3_f")
_add("4", 11, 52, 29, "4")

_add("5_street", 13, 3, 28, "5")
RELATIONSHIP_COLUMNS = {"self": 35, "spouse": 40, "child": 44, "other": 49}
for _rel, _col in RELATIONSHIP_COLUMNS.items():
    _add(f"6_{_rel}", 13, _col, 1, f"6_{_rel}")
_add("7_street", 13, 52, 29, "7")
_add("5_city", 15, 3, 24, "5_city")
_add("5_state", 15, 28, 2, "5_state")
_add("7_city", 15, 52, 23, "7_city")
_add("7_state", 15, 76, 2, "7_state")
_add("5_zip", 17, 3, 10, "5_zip")
_add("5_area", 17, 17, 3, "5_phone")
_add("5_phone", 17, 21, 7, "5_phone")
_add("7_zip", 17, 52, 10, "7_zip")
_add("7_area", 17, 67, 3, "7_phone")
_add("7_phone", 17, 71, 7, "7_phone")

_add("9", 19, 3, 28, "9")
_add("11", 19, 52, 29, "11")
_add("9a", 21, 3, 28, "9a")
for _box, _row in (("10a", 21), ("10b", 23), ("10c", 25)):
    _add(f"{_box}_yes", _row, 37, 1, f"{_box}_yes")
    _add(f"{_box}_no", _row, 43, 1, f"{_box}_no")
_add("10b_state", 23, 47, 2, "10b")
_add("11a_mm", 21, 55, 2, "11a")
_add("11a_dd", 21, 58, 2, "11a")
_add("11a_yyyy", 21, 61, 4, "11a")
_add("11a_m", 21, 70, 1, "11a_m")
_add("11a_f", 21, 77, 1, "11a_f")
_add("11c", 25, 52, 29, "11c")
_add("9d", 27, 3, 28, "9d")
_add("11d_yes", 27, 54, 1, "11d_yes")
_add("11d_no", 27, 59, 1, "11d_no")

# Boxes 12 and 13: on the SIGNED line (each SIGNED/DATE line is a little lower than the one to its left).
for (_name, _col, _width, _box), (_x0, _x1, _top) in zip(
        (("12_signed", 9, 17, "12"), ("12_date", 40, 8, "12"), ("13_signed", 59, 17, "13")), SIGNATURE_LINES,
        strict=True):
    _add(_name, 31, _col, _width, _box, drop=_on_rule(_top, 31))

_add("14_mm", 33, 4, 2, "14")
_add("14_dd", 33, 7, 2, "14")
_add("14_yy", 33, 10, 2, "14")
_add("14_qual", 33, 18, 3, "14")

_add("17_qual", 35, 3, 2, "17")
_add("17_name", 35, 6, 23, "17")
_add("17b", 35, 35, 10, "17b")

_add("21_ind", 38, 44, 1, "21_ind")  # between the dashed rules right of "ICD Ind." (315.2-328.9 pt)
DIAGNOSIS_ROWS = (39, 40, 41)
for _i in range(12):
    _row, _underline = DIAGNOSIS_ROWS[_i // 4], DIAGNOSIS_LINES[_i // 4][_i % 4][2]
    _add(f"21_{_i}", _row, 5 + 13 * (_i % 4), 7, "21", drop=_on_rule(_underline, _row))
# Code D sits right under the ICD Ind. slot, whose dashed sides end 10.2 pt above its underline: centred.
_slot_bottom, _d_line = ICD_IND_SIDES[1][2], DIAGNOSIS_LINES[0][3][2]
FIELDS["21_3"] = replace(FIELDS["21_3"], drop=_between(_slot_bottom, _d_line, DIAGNOSIS_ROWS[0]))
_add("22_code", 39, 52, 1, "22")
_add("22_ref", 39, 64, 17, "22")
_add("23", 41, 52, 29, "23")

# Box 24: service line k (0..5) uses the shaded row 44+2k (supplemental: NDC) and the row below it.
LINE_FIRST_ROW = 44
LINE_COLUMNS = {  # name: (col, width, box, right-justified)
    "from_mm": (3, 2, "24A", False), "from_dd": (6, 2, "24A", False), "from_yy": (9, 2, "24A", False),
    "to_mm": (12, 2, "24A", False), "to_dd": (15, 2, "24A", False), "to_yy": (18, 2, "24A", False),
    "pos": (21, 2, "24B", False), "emg": (24, 1, "24C", False), "cpt": (27, 6, "24D", False),
    "mod0": (35, 2, "24D", False), "mod1": (38, 2, "24D", False), "mod2": (41, 2, "24D", False),
    "mod3": (44, 2, "24D", False), "pointer": (47, 4, "24E", False),
    "dollars": (52, 5, "24F", True), "cents": (58, 2, "24F", False),
    "units": (61, 3, "24G", False), "npi": (70, 10, "24J", False),
}
for _k in range(6):
    _row = LINE_FIRST_ROW + 2 * _k
    _add(f"24_{_k}_supplemental", _row, 3, 46, f"24_{_k}_shaded")
    for _name, (_col, _width, _box, _right) in LINE_COLUMNS.items():
        _add(f"24_{_k}_{_name}", _row + 1, _col, _width, f"{_box}_{_k}", _right)

_add("25", 57, 3, 15, "25")
_add("25_ssn", 57, 19, 1, "25_ssn")
_add("25_ein", 57, 21, 1, "25_ein")
_add("26", 57, 25, 14, "26")
_add("27_yes", 57, 40, 1, "27_yes")
_add("27_no", 57, 45, 1, "27_no")
# The dotted dollars|cents dividers of 28 and 29 stand 0.8 and 0.3 pt inside the cents' first cell: the
# cents print CENTS_NUDGE right of the grid, clear of them.
CENTS_NUDGE = 1.2
_add("28_dollars", 57, 54, 5, "28", True)
_add("28_cents", 57, 60, 2, "28", nudge=CENTS_NUDGE)
_add("29_dollars", 57, 64, 5, "29", True)
_add("29_cents", 57, 70, 2, "29", nudge=CENTS_NUDGE)

_add("33_area", 58, 68, 3, "33_phone")
_add("33_phone", 58, 72, 7, "33_phone")
# Three address lines 12 pt apart, the last one on the rule under boxes 32/33 (the first clears the captions).
_ADDRESS_DROP = _on_rule(BOX_32_33_BOTTOM, 61)
for _i, _row in enumerate((59, 60, 61)):
    _add(f"32_{_i}", _row, 25, 26, "32", drop=_ADDRESS_DROP)
    _add(f"33_{_i}", _row, 52, 29, "33", drop=_ADDRESS_DROP)
_add("31_name", 61, 3, 20, "31")
_add("31_date", 62, 8, 8, "31")
_add("32a", 62, 26, 10, "32a")
_add("33a", 62, 53, 10, "33a")
_add("33b", 62, 65, 16, "33b")


def baseline(field: Field) -> float:
    """The field's baseline in points from the top of the page."""
    return field.row * LINE + field.drop


def field_origin(field: Field) -> tuple[float, float]:
    """(x, baseline y) in PDF points (origin bottom-left) of the field's first character cell."""
    return field.col * PITCH + field.nudge, PAGE_HEIGHT - baseline(field)
