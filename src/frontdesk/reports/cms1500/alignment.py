"""The alignment test page: marks in known boxes of a blank red form, and the offsets that printed them."""

from __future__ import annotations

from frontdesk.reports.cms1500.offsets import PrintOffsets

# Check boxes at the four corners of the form and sample values in wide boxes: if the X's sit off their
# squares, the same correction applies to everything.
_MARKS = {
    "1_medicare": "X", "1_other": "X", "3_m": "X", "6_self": "X", "11d_no": "X", "25_ein": "X",
    "27_yes": "X", "11a_f": "X",
    "1a": "ALIGNMENT TEST", "2": "ALIGNMENT, TEST", "4": "ALIGNMENT, TEST",
    "3_mm": "01", "3_dd": "02", "3_yyyy": "2026",
    "21_ind": "0", "21_0": "A000", "21_3": "D000", "21_11": "L000",
    "24_0_from_mm": "01", "24_0_from_dd": "02", "24_0_from_yy": "26",
    "24_0_to_mm": "01", "24_0_to_dd": "02", "24_0_to_yy": "26",
    "24_0_pos": "11", "24_0_cpt": "99999", "24_0_mod0": "AA", "24_0_pointer": "A",
    "24_0_dollars": "12345", "24_0_cents": "67", "24_0_units": "1", "24_0_npi": "1234567890",
    "24_5_from_mm": "12", "24_5_npi": "1234567890", "24_5_dollars": "1", "24_5_cents": "00",
    "28_dollars": "12346", "28_cents": "67", "33a": "1234567890", "32a": "1234567890",
}


def alignment_values(offsets: PrintOffsets) -> dict[str, str]:
    """Field values for the test page; the carrier block says which offsets are in use and how to read it."""
    values = dict(_MARKS)
    values["payer_0"] = "FRONTDESK FORM ALIGNMENT TEST"
    values["payer_1"] = f"OFFSETS {offsets.describe()}"
    values["payer_2"] = "UNITS 1/100 INCH  EACH X IN A BOX"
    values["payer_3"] = "MOVE +X RIGHT  +Y DOWN"
    return values
