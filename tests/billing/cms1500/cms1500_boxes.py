"""Box rectangles of the 1500 (02/12) form measured on the NUCC artwork, in Letter points from the top-left.

The artwork (nucc-1500-0212-artwork.pdf, a 9.5 x 12 in page) is placed on Letter by ARTWORK_SHIFT: 36 pt up
(its 12 in page centred on 11 in) and 39.6 pt left, which puts its check boxes on the 10-cpi cells and
matches the scan of the form as sold (its left rule at about 20 pt). Each rectangle is (x0, top, x1, bottom)
between the red rules that bound the box; test_cms1500_boxes.py checks those rules exist in the artwork.
"""

from __future__ import annotations

from pathlib import Path

ARTWORK = Path("/work/shared/reference/cms1500/nucc-1500-0212-artwork.pdf")
SCAN = Path("/work/shared/reference/cms1500/cms1500-0212-letter-scan.png")
ARTWORK_SHIFT = (39.6, 36.0)
LEFT, RIGHT = 20.4, 589.3
CHECK = 11.0

# Box 21's ICD Ind. slot: between the two dashed red rules right of the "ICD Ind." caption (x 315.2 and
# 328.9 on the artwork, from the box's top rule to 469.6); test_cms1500_boxes.py finds those dashes.
ICD_IND_SLOT = (315.2, 456.1, 328.9, 469.6)

BOXES: dict[str, tuple[float, float, float, float]] = {
    "carrier": (227.0, 0.0, RIGHT, 84.0),
    "1a": (371.7, 96.2, RIGHT, 121.0),
    "2": (LEFT, 121.0, 227.0, 143.6), "3": (227.0, 121.0, 371.7, 143.6), "4": (371.7, 121.0, RIGHT, 143.6),
    "5": (LEFT, 143.6, 227.0, 168.5), "7": (371.7, 143.6, RIGHT, 168.5),
    "5_city": (LEFT, 168.5, 200.4, 191.6), "5_state": (200.4, 168.5, 227.0, 191.6),
    "7_city": (371.7, 168.5, 542.4, 192.1), "7_state": (542.4, 168.5, RIGHT, 192.1),
    "5_zip": (LEFT, 191.6, 114.0, 217.0), "5_phone": (114.0, 191.6, 227.0, 217.0),
    "7_zip": (371.7, 192.1, 464.3, 217.0), "7_phone": (464.3, 192.1, RIGHT, 217.0),
    "9": (LEFT, 217.0, 227.0, 239.6), "9a": (LEFT, 239.6, 227.0, 263.0), "9d": (LEFT, 312.5, 227.0, 336.5),
    "10b": (335.8, 263.0, 356.8, 288.5),
    "11": (371.7, 217.0, RIGHT, 240.3), "11a": (371.7, 240.3, RIGHT, 265.3), "11c": (371.7, 288.1, RIGHT, 312.5),
    "12": (LEFT, 336.5, 371.7, 384.2), "13": (371.7, 336.5, RIGHT, 384.2),
    "14": (LEFT, 384.2, 213.0, 407.6), "17": (LEFT, 407.6, 213.0, 431.6), "17b": (245.0, 419.6, 371.7, 431.6),
    "21": (LEFT, 456.1, 371.7, 504.5), "21_ind": ICD_IND_SLOT,
    "22": (371.7, 456.1, RIGHT, 479.8), "23": (371.7, 479.8, RIGHT, 504.6),
    "25": (LEFT, 671.0, 176.9, 695.2), "26": (176.9, 671.0, 282.4, 695.2),
    "28": (371.7, 671.0, 452.4, 695.2), "29": (452.4, 671.0, 520.8, 695.2),
    "31": (LEFT, 695.2, 176.9, 756.2), "32": (176.9, 695.2, 371.7, 742.1), "33": (371.7, 695.2, RIGHT, 742.1),
    "33_phone": (371.7, 695.2, RIGHT, 742.1),
    "32a": (176.9, 742.1, 260.4, 756.2), "33a": (371.7, 742.1, 454.7, 756.2), "33b": (454.7, 742.1, RIGHT, 756.2),
}
# Box 24: line k's shaded half (supplemental information, 24A-24G) and its columns below it.
_COLUMNS_24 = {"24A": (LEFT, 147.4), "24B": (147.4, 170.4), "24C": (170.4, 192.0), "24D": (192.0, 335.0),
               "24E": (335.0, 371.8), "24F": (371.8, 435.4), "24G": (435.4, 464.4), "24J": (500.3, RIGHT)}
for _k in range(6):
    _top = 527.0 + 24.0 * _k
    BOXES[f"24_{_k}_shaded"] = (LEFT, _top, 464.4, _top + 12.0)
    for _name, (_x0, _x1) in _COLUMNS_24.items():
        BOXES[f"{_name}_{_k}"] = (_x0, _top + 12.0, _x1, _top + 24.0)

# Check boxes: (left, top) of each 11 pt square.
_CHECKS = {
    "1_medicare": (21.1, 108.0), "1_medicaid": (70.0, 108.0), "1_tricare": (120.4, 108.0),
    "1_champva": (185.2, 108.0), "1_group_health_plan": (235.8, 108.0), "1_feca_black_lung": (293.3, 108.0),
    "1_other": (336.6, 108.0), "3_m": (314.9, 131.6), "3_f": (350.8, 131.6),
    "6_self": (250.2, 156.2), "6_spouse": (286.6, 156.2), "6_child": (315.1, 156.2), "6_other": (351.2, 156.2),
    "10a_yes": (264.8, 252.4), "10a_no": (307.9, 252.3), "10b_yes": (264.9, 276.1), "10b_no": (308.0, 276.0),
    "10c_yes": (265.1, 299.7), "10c_no": (308.2, 299.6), "11a_m": (501.9, 251.7), "11a_f": (552.6, 251.9),
    "11d_yes": (386.6, 323.7), "11d_no": (422.8, 323.8), "25_ssn": (136.1, 682.8), "25_ein": (150.4, 682.8),
    "27_yes": (287.1, 682.8), "27_no": (322.9, 682.9),
}
CHECK_BOXES = {name: (x, top, x + CHECK, top + CHECK) for name, (x, top) in _CHECKS.items()}
