"""A reviewer's view of an 837P file: which loops each claim carries, read from the segments alone.

Loops are told apart the way the 005010X222A1 guide orders them: HL03 22/23 for the subscriber and patient
levels; after CLM, SBR opens 2320 (then NM1*IL is 2330A, NM1*PR 2330B) until the first LX; SVD opens 2430.
"""

from __future__ import annotations


def rows(text: str) -> list[list[str]]:
    return [seg.strip().split("*") for seg in text.split("~") if seg.strip()]


def claim_loops(text: str) -> dict[str, set[str]]:
    """Per CLM01: the loops present ('2000C', '2320', '2320 AMT*D', '2320 CAS', '2330A', '2330B', '2430'...)."""
    found: dict[str, set[str]] = {}
    current: set[str] | None = None
    patient_level = False
    in_2320 = False
    for row in rows(text):
        tag = row[0]
        if tag == "HL":
            current, in_2320 = None, False
            patient_level = row[3] == "23"  # 2000C comes right before its claim; 20 and 22 start afresh
        elif tag == "CLM":
            current = found.setdefault(row[1], set())
            if patient_level:
                current.add("2000C")
        elif current is None:
            continue
        elif tag == "SBR":
            current.add("2320")
            in_2320 = True
        elif tag == "LX":
            in_2320 = False
        elif in_2320 and tag == "NM1" and row[1] in ("IL", "PR"):
            current.add("2330A" if row[1] == "IL" else "2330B")
        elif in_2320 and tag in ("CAS", "AMT"):
            current.add(f"2320 {tag}" + (f"*{row[1]}" if tag == "AMT" else ""))
        elif tag == "SVD":
            current.add("2430")
    return found


def control_numbers(text: str) -> dict[str, str]:
    """ISA13, IEA02, GS06 and GE02 of a file with one interchange and one group."""
    by_tag = {row[0]: row for row in rows(text)}
    return {"ISA13": by_tag["ISA"][13], "IEA02": by_tag["IEA"][2], "GS06": by_tag["GS"][6],
            "GE02": by_tag["GE"][2]}
