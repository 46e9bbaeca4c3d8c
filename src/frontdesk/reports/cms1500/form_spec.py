"""The 1500 (02/12) form's drawing as data: rules, check boxes and labels, in points from the page's top-left.

Measured on the NUCC vector artwork (placed on Letter so that its check boxes centre on the 10-cpi cells
the data is printed in) and redrawn here; no image of the form is embedded.
"""

from __future__ import annotations

from dataclasses import dataclass

THIN, THICK = 0.5, 2.0  # stroke widths of the rules, points

# Thick rules: the top of box 1, the line between patient and physician parts, the bottom of the form.
THICK_RULES = (96.2, 384.2, 756.2)
LEFT, RIGHT = 20.4, 589.3

BOX_32_33_BOTTOM = 742.1  # the rule under the address lines of boxes 32 and 33

# Thin horizontal rules: (x0, x1, y).
H_RULES = (
    (LEFT, RIGHT, 121.0), (LEFT, RIGHT, 143.6), (LEFT, RIGHT, 168.5), (LEFT, 227.0, 191.6),
    (371.7, RIGHT, 192.1), (LEFT, RIGHT, 217.0), (LEFT, 227.0, 239.6), (371.7, RIGHT, 240.3),
    (LEFT, 227.0, 263.0), (371.7, RIGHT, 265.3), (LEFT, 227.0, 288.5), (371.7, RIGHT, 288.1),
    (LEFT, RIGHT, 312.5), (LEFT, RIGHT, 336.5), (LEFT, RIGHT, 407.6), (LEFT, RIGHT, 431.6),
    (LEFT, RIGHT, 456.1), (371.7, RIGHT, 479.8), (LEFT, 335.0, 504.5), (371.7, RIGHT, 504.6),
    (LEFT, RIGHT, 526.9), (LEFT, RIGHT, 551.0), (LEFT, RIGHT, 575.6), (LEFT, RIGHT, 599.0),
    (LEFT, RIGHT, 623.6), (LEFT, RIGHT, 647.0), (LEFT, RIGHT, 671.0), (LEFT, RIGHT, 695.2),
    (177.1, RIGHT, BOX_32_33_BOTTOM),
    (335.8, 356.8, 286.9), (213.0, 371.7, 419.6),
)
# The SIGNED lines of boxes 12 (signature, date) and 13: the data sits on them.
SIGNATURE_LINES = ((56.8, 236.8, 380.7), (272.8, 371.7, 380.9), (413.2, RIGHT, 381.2))
# Box 21's underlines, A-D, E-H, I-L: each diagnosis code sits on its own (they are not level across a row).
DIAGNOSIS_LINES = (
    ((34.2, 85.0, 478.8), (127.7, 178.7, 479.1), (221.6, 272.2, 478.6), (314.9, 366.5, 479.8)),
    ((34.2, 85.0, 490.2), (127.6, 178.6, 491.1), (221.6, 272.3, 490.8), (314.8, 366.5, 491.9)),
    ((34.2, 85.0, 502.6), (127.3, 178.7, 502.6), (221.6, 272.4, 502.6), (314.8, 366.6, 502.8)),
)
# 24I/24J: the dashed rule between the shaded and the plain half of each line.
DASHED_RULES = tuple((479.2, RIGHT, 539.2 + 24.1 * k) for k in range(6))

# Vertical rules: (x, y0, y1).
V_RULES = (
    (LEFT, 96.2, 756.2), (RIGHT, 96.2, 756.2),
    (83.0, 527.1, 670.7), (114.0, 191.7, 216.9), (147.4, 504.3, 670.7), (170.4, 504.3, 670.7),
    (176.9, 671.2, 756.2), (192.0, 504.5, 670.7), (200.4, 168.3, 191.3), (213.0, 383.7, 431.6),
    (227.0, 121.0, 336.4), (229.4, 407.5, 431.7), (245.0, 407.6, 431.8), (260.4, 742.3, 756.2),
    (282.4, 670.7, 695.2), (335.0, 504.3, 670.9), (371.7, 96.2, 526.5), (371.7, 671.1, 756.2),
    (435.4, 504.3, 671.2), (452.4, 671.1, 695.6), (454.3, 467.6, 479.6), (454.7, 742.3, 756.2),
    (455.0, 443.5, 455.9), (464.3, 191.9, 217.1), (464.4, 504.3, 671.1), (479.3, 504.3, 671.0),
    (500.3, 504.3, 671.1), (520.8, 671.0, 695.4), (524.3, 443.3, 455.9), (542.4, 168.3, 191.8),
)
# Box 21's ICD Ind. slot: its two dashed sides, (x, y0, y1).
ICD_IND_SIDES = ((315.2, 456.1, 469.6), (328.9, 456.1, 469.6))
# The dotted dividers inside boxes, (x, y0, y1): MM|DD|YY of the dates in 3, 11a, 14, 15, 16 and 18, the
# qualifier from the rest in 11b, 14, 15 and 17, dollars|cents in 28, 29 and 30.
DIVIDERS = (
    (255.8, 130.1, 143.3), (277.9, 130.1, 143.3), (414.5, 250.2, 263.5), (435.8, 250.2, 263.5),
    (389.2, 273.3, 286.5), (47.2, 394.2, 407.6), (68.4, 394.2, 407.6), (126.4, 393.1, 406.3),
    (234.0, 394.2, 407.6), (259.7, 394.2, 407.6), (299.7, 394.2, 407.6), (320.9, 394.2, 407.6),
    (419.4, 394.7, 407.8), (443.4, 394.7, 407.8), (521.4, 394.7, 407.8), (542.4, 394.7, 407.8),
    (41.3, 417.8, 431.0), (419.6, 418.4, 431.6), (443.6, 418.4, 431.6), (521.6, 418.4, 431.6),
    (542.6, 418.4, 431.6), (432.8, 682.4, 695.3), (504.3, 682.1, 695.5), (568.9, 682.6, 695.3),
)
# Box 24: CPT/modifier rule and the dotted dividers of the dates, modifiers and dollars/cents, per line.
LINE_TOPS = tuple(527.0 + 24.0 * k for k in range(6))
LINE_RULES = (244.5, 371.8)
LINE_TICKS = (39.9, 60.9, 103.9, 126.7, 269.9, 291.4, 312.9, 417.3)

# Check boxes (11 x 11 pt): (left, top).
CHECK_SIZE = 11.0
# The PICA boxes above the top rule: three small squares left of "PICA" at the top left, three right of it at the
# top right, (left, top) of each PICA_SIZE square, as on the NUCC artwork (nothing is printed in them).
PICA_SIZE = (7.0, 8.8)
PICA_BOXES = ((21.2, 86.4), (28.2, 86.4), (35.2, 86.4), (568.3, 86.4), (575.2, 86.4), (582.2, 86.4))
CHECK_BOXES = (
    (21.1, 108.0), (70.0, 108.0), (120.4, 108.0), (185.2, 108.0), (235.8, 108.0), (293.3, 108.0),
    (336.6, 108.0), (314.9, 131.6), (350.8, 131.6), (250.2, 156.2), (286.6, 156.2), (315.1, 156.2),
    (351.2, 156.2), (264.8, 252.4), (307.9, 252.3), (501.9, 251.7), (552.6, 251.9), (264.9, 276.1),
    (308.0, 276.0), (265.1, 299.7), (308.2, 299.6), (386.6, 323.7), (422.8, 323.8), (387.4, 443.3),
    (423.6, 443.4), (136.1, 682.8), (150.4, 682.8), (287.1, 682.8), (322.9, 682.9),
)

# Labels: (x, baseline from the top, size, text). Sizes in points; all Helvetica, bold where size >= 7.
LABELS = (
    (20.4, 66.0, 11.0, "HEALTH INSURANCE CLAIM FORM"),
    (20.4, 78.0, 5.0, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12"),
    (43.6, 90.7, 6.0, "PICA"), (551.3, 91.1, 6.0, "PICA"),
    (22.0, 102.5, 5.5, "1.   MEDICARE"), (72.0, 102.5, 5.5, "MEDICAID"), (122.0, 102.5, 5.5, "TRICARE"),
    (186.0, 102.5, 5.5, "CHAMPVA"), (237.0, 101.0, 5.0, "GROUP"), (237.0, 106.0, 5.0, "HEALTH PLAN"),
    (294.0, 101.0, 5.0, "FECA"), (294.0, 106.0, 5.0, "BLK LUNG"), (338.0, 102.5, 5.5, "OTHER"),
    (33.0, 116.0, 4.5, "(Medicare#)"), (82.0, 116.0, 4.5, "(Medicaid#)"), (132.5, 116.0, 4.5, "(ID#/DoD#)"),
    (197.0, 116.0, 4.5, "(Member ID#)"), (248.0, 116.0, 4.5, "(ID#)"), (305.0, 116.0, 4.5, "(ID#)"),
    (349.0, 116.0, 4.5, "(ID#)"),
    (374.0, 102.5, 5.5, "1a. INSURED'S I.D. NUMBER"), (500.0, 102.5, 5.0, "(For Program in Item 1)"),
    (22.0, 127.0, 5.5, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)"),
    (229.0, 127.0, 5.5, "3. PATIENT'S BIRTH DATE"),
    (330.0, 127.0, 5.5, "SEX"), (309.0, 140.0, 5.0, "M"), (343.0, 140.0, 5.0, "F"),
    (374.0, 127.0, 5.5, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)"),
    (22.0, 149.6, 5.5, "5. PATIENT'S ADDRESS (No., Street)"),
    (229.0, 149.6, 5.5, "6. PATIENT RELATIONSHIP TO INSURED"),
    (236.0, 164.0, 5.0, "Self"), (265.0, 164.0, 5.0, "Spouse"), (301.0, 164.0, 5.0, "Child"),
    (334.0, 164.0, 5.0, "Other"),
    (374.0, 149.6, 5.5, "7. INSURED'S ADDRESS (No., Street)"),
    (22.0, 174.5, 5.5, "CITY"), (202.0, 174.5, 5.5, "STATE"), (229.0, 174.5, 5.5, "8. RESERVED FOR NUCC USE"),
    (374.0, 174.5, 5.5, "CITY"), (544.0, 174.5, 5.5, "STATE"),
    (22.0, 197.6, 5.5, "ZIP CODE"), (116.0, 197.6, 5.5, "TELEPHONE (Include Area Code)"),
    (374.0, 198.1, 5.5, "ZIP CODE"), (466.0, 198.1, 5.5, "TELEPHONE (Include Area Code)"),
    (22.0, 223.0, 5.5, "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)"),
    (229.0, 223.0, 5.5, "10. IS PATIENT'S CONDITION RELATED TO:"),
    (374.0, 223.0, 5.5, "11. INSURED'S POLICY GROUP OR FECA NUMBER"),
    (22.0, 245.6, 5.5, "a. OTHER INSURED'S POLICY OR GROUP NUMBER"),
    (229.0, 245.6, 5.5, "a. EMPLOYMENT? (Current or Previous)"),
    (374.0, 246.3, 5.5, "a. INSURED'S DATE OF BIRTH"),
    (540.0, 246.3, 5.5, "SEX"), (494.0, 261.0, 5.0, "M"), (545.0, 261.0, 5.0, "F"),
    (22.0, 269.0, 5.5, "b. RESERVED FOR NUCC USE"), (229.0, 269.0, 5.5, "b. AUTO ACCIDENT?"),
    (322.0, 276.0, 5.0, "PLACE (State)"),
    (374.0, 271.3, 5.5, "b. OTHER CLAIM ID (Designated by NUCC)"),
    (22.0, 294.5, 5.5, "c. RESERVED FOR NUCC USE"), (229.0, 294.5, 5.5, "c. OTHER ACCIDENT?"),
    (374.0, 294.1, 5.5, "c. INSURANCE PLAN NAME OR PROGRAM NAME"),
    (22.0, 318.5, 5.5, "d. INSURANCE PLAN NAME OR PROGRAM NAME"),
    (229.0, 318.5, 5.5, "10d. CLAIM CODES (Designated by NUCC)"),
    (374.0, 318.5, 5.5, "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?"),
    (450.0, 332.0, 5.0, "If yes, complete items 9, 9a, and 9d."),
    (90.0, 343.0, 6.0, "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM."),
    (22.0, 351.0, 5.5, ("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize the release of any medical or "
                        "other information necessary")),
    (30.0, 358.0, 5.5, ("to process this claim. I also request payment of government benefits either to myself "
                        "or to the party who accepts assignment")),
    (30.0, 365.0, 5.5, "below."), (22.0, 380.0, 5.5, "SIGNED"), (255.0, 380.0, 5.5, "DATE"),
    (374.0, 344.0, 5.5, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize"),
    (382.0, 351.0, 5.5, "payment of medical benefits to the undersigned physician or supplier for"),
    (382.0, 358.0, 5.5, "services described below."), (374.0, 380.0, 5.5, "SIGNED"),
    (22.0, 390.5, 5.5, "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)"),
    (108.0, 404.0, 5.0, "QUAL."),
    (215.0, 390.5, 5.5, "15. OTHER DATE"), (215.0, 401.0, 5.0, "QUAL."),
    (374.0, 390.5, 5.5, "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION"),
    (380.0, 404.0, 5.0, "FROM"), (490.0, 404.0, 5.0, "TO"),
    (22.0, 414.0, 5.5, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE"),
    (215.0, 416.0, 5.5, "17a."), (215.0, 428.0, 5.5, "17b."), (231.5, 428.0, 5.5, "NPI"),
    (374.0, 414.0, 5.5, "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES"),
    (380.0, 428.0, 5.0, "FROM"), (490.0, 428.0, 5.0, "TO"),
    (22.0, 438.0, 5.5, "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)"),
    (374.0, 438.0, 5.5, "20. OUTSIDE LAB?"), (470.0, 438.0, 5.5, "$ CHARGES"),
    (22.0, 462.5, 5.5, "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)"),
    (295.5, 466.0, 5.0, "ICD Ind."),
    (374.0, 462.5, 5.5, "22. RESUBMISSION"), (382.0, 468.0, 5.5, "CODE"), (458.0, 468.0, 5.5, "ORIGINAL REF. NO."),
    (374.0, 486.0, 5.5, "23. PRIOR AUTHORIZATION NUMBER"),
    (22.0, 510.5, 5.5, "24. A.         DATE(S) OF SERVICE"), (36.0, 517.0, 5.0, "From"), (110.0, 517.0, 5.0, "To"),
    (22.0, 523.5, 4.5, "MM    DD     YY     MM    DD     YY"),
    (150.0, 510.5, 5.0, "B."), (149.0, 517.0, 4.5, "PLACE OF"), (149.0, 523.5, 4.5, "SERVICE"),
    (172.0, 510.5, 5.0, "C."), (173.0, 523.5, 4.5, "EMG"),
    (194.0, 510.5, 5.0, "D. PROCEDURES, SERVICES, OR SUPPLIES"), (205.0, 517.0, 4.5, "(Explain Unusual Circumstances)"),
    (196.0, 523.5, 4.5, "CPT/HCPCS"), (276.0, 523.5, 4.5, "MODIFIER"),
    (350.0, 510.5, 5.0, "E."), (338.0, 517.0, 4.5, "DIAGNOSIS"), (340.0, 523.5, 4.5, "POINTER"),
    (400.0, 510.5, 5.0, "F."), (392.0, 523.5, 4.5, "$ CHARGES"),
    (447.0, 510.5, 5.0, "G."), (440.0, 517.0, 4.0, "DAYS OR"), (443.0, 523.5, 4.5, "UNITS"),
    (469.0, 510.5, 5.0, "H."), (466.0, 517.0, 4.0, "EPSDT"), (466.0, 523.5, 4.0, "Family"),
    (486.0, 510.5, 5.0, "I."), (485.0, 517.0, 4.5, "ID."), (484.0, 523.5, 4.5, "QUAL."),
    (540.0, 510.5, 5.0, "J."), (525.0, 517.0, 4.5, "RENDERING"), (522.0, 523.5, 4.5, "PROVIDER ID. #"),
    (22.0, 677.0, 5.5, "25. FEDERAL TAX I.D. NUMBER"), (138.0, 677.0, 5.0, "SSN"), (152.0, 677.0, 5.0, "EIN"),
    (179.0, 677.0, 5.5, "26. PATIENT'S ACCOUNT NO."), (284.0, 677.0, 5.5, "27. ACCEPT ASSIGNMENT?"),
    (290.0, 682.0, 4.0, "(For govt. claims, see back)"),
    (374.0, 677.0, 5.5, "28. TOTAL CHARGE"), (376.0, 692.0, 6.0, "$"), (454.0, 677.0, 5.5, "29. AMOUNT PAID"),
    (456.0, 692.0, 6.0, "$"), (522.0, 677.0, 5.0, "30. Rsvd for NUCC Use"),
    (22.0, 701.0, 5.5, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER"), (30.0, 707.0, 5.5, "INCLUDING DEGREES OR CREDENTIALS"),
    (30.0, 713.0, 4.5, "(I certify that the statements on the reverse"),
    (30.0, 718.0, 4.5, "apply to this bill and are made a part thereof.)"),
    (22.0, 753.0, 5.0, "SIGNED"), (130.0, 753.0, 5.0, "DATE"),
    (179.0, 701.0, 5.5, "32. SERVICE FACILITY LOCATION INFORMATION"),
    (374.0, 701.0, 5.5, "33. BILLING PROVIDER INFO & PH #"),
    (179.0, 752.0, 5.5, "a."), (262.0, 752.0, 5.5, "b."), (374.0, 752.0, 5.5, "a."), (456.0, 752.0, 5.5, "b."),
    (20.4, 766.0, 6.0, "NUCC Instruction Manual available at: www.nucc.org"),
    (245.0, 766.0, 7.0, "PLEASE PRINT OR TYPE"), (420.0, 766.0, 6.0, "APPROVED OMB-0938-1197 FORM 1500 (02-12)"),
)
# MM / DD / YY over each part of a date, centred between its dividers: (centre x, baseline, caption).
DATE_CAPTION_SIZE = 4.5
DATE_CAPTIONS = tuple(
    (x, baseline, caption) for baseline, centres in (
        (132.0, (244.8, 266.4, 295.2)),  # 3, over the printed birth date
        (252.0, (403.2, 424.8, 453.6)),  # 11a
        (396.0, (36.0, 57.6, 79.2)),  # 14
        (396.0, (279.7, 310.3, 346.3)),  # 15
        (396.0, (407.0, 431.4, 457.0, 509.0, 531.9, 556.0)),  # 16, from and to
        (420.0, (407.0, 431.5, 457.0, 509.0, 532.0, 556.0)),  # 18, from and to
    ) for x, caption in zip(centres, ("MM", "DD", "YY") * 2, strict=False))
# Check box captions right of their boxes.
YES_NO = ((277.5, 320.5, 261.0), (277.5, 320.5, 285.0), (277.5, 320.5, 309.0), (399.5, 435.5, 333.0),
          (400.5, 436.5, 452.0), (300.0, 336.0, 692.0))
# Telephone parentheses around the area code: (left x, right x, baseline).
PARENS = ((119.0, 145.0, 213.0), (479.0, 505.5, 213.0), (485.0, 512.5, 705.0))
# Side captions (rotated), centred between their arrows: (centre y, text).
SIDE_CAPTIONS = ((60.0, "CARRIER"), (240.0, "PATIENT AND INSURED INFORMATION"),
                 (570.0, "PHYSICIAN OR SUPPLIER INFORMATION"))
# Diagnosis letters of box 21: (x, row baseline from the top).
DIAGNOSIS_LETTERS = tuple((24.0 + 93.6 * (i % 4), 477.0 + 12.0 * (i // 4), "ABCDEFGHIJKL"[i]) for i in range(12))


@dataclass(frozen=True)
class Stroke:
    """One straight red line as drawn, from (x0, top0) to (x1, top1) in points from the page's top-left."""

    x0: float
    top0: float
    x1: float
    top1: float
    width: float = THIN
    dashed: bool = False


def _square_sides(left: float, top: float, width: float, height: float) -> tuple[Stroke, ...]:
    right, bottom = left + width, top + height
    return (Stroke(left, top, right, top), Stroke(left, bottom, right, bottom),
            Stroke(left, top, left, bottom), Stroke(right, top, right, bottom))


def squares() -> tuple[tuple[float, float, float, float], ...]:
    """(left, top, width, height) of every check box and PICA box (drawn as rectangles)."""
    pica_w, pica_h = PICA_SIZE
    return (tuple((x, top, CHECK_SIZE, CHECK_SIZE) for x, top in CHECK_BOXES)
            + tuple((x, top, pica_w, pica_h) for x, top in PICA_BOXES))


def lines() -> tuple[Stroke, ...]:
    """Every rule, underline, tick and dashed divider of the form: what full_form draws, what the tests measure."""
    out = [Stroke(LEFT, y, RIGHT, y, THICK) for y in THICK_RULES]
    all_h = H_RULES + SIGNATURE_LINES + tuple(rule for row in DIAGNOSIS_LINES for rule in row)
    out += [Stroke(x0, y, x1, y) for x0, x1, y in all_h]
    out += [Stroke(x, y0, x, y1) for x, y0, y1 in V_RULES]
    for top in LINE_TOPS:
        out += [Stroke(x, top + 11.0, x, top + 24.0) for x in LINE_RULES]
    out += [Stroke(x0, y, x1, y, dashed=True) for x0, x1, y in DASHED_RULES]
    for top in LINE_TOPS:
        out += [Stroke(x, top + 13.0, x, top + 24.0, dashed=True) for x in LINE_TICKS]
    out += [Stroke(x, y0, x, y1, dashed=True) for x, y0, y1 in ICD_IND_SIDES + DIVIDERS]
    return tuple(out)


def rule_segments() -> tuple[Stroke, ...]:
    """Every red line on the form, the sides of its squares included: nothing printed may touch one."""
    return lines() + tuple(side for square in squares() for side in _square_sides(*square))
