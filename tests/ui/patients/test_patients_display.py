"""Names, ages and addresses as the Patients pane prints them."""

# Fixed dates are data here: every age is computed against the explicit today each case gives.

from __future__ import annotations

from datetime import date

import pytest

from frontdesk.ui.widgets.patient_display import (
    address_lines,
    age_text,
    display_name,
    dob_with_age,
    sex_label,
)


def test_display_name_initials_the_middle_name() -> None:
    assert display_name("Lovelace", "Ada", "Byron") == "Lovelace, Ada B."
    assert display_name("Turing", "Alan") == "Turing, Alan"


@pytest.mark.parametrize(("dob", "today", "expected"), [
    (date(1962, 3, 14), date(2026, 3, 13), "63 y"),  # the day before the birthday
    (date(1962, 3, 14), date(2026, 3, 14), "64 y"),
    (date(2024, 11, 27), date(2026, 11, 27), "2 y"),
    (date(2025, 2, 10), date(2026, 11, 27), "21 mo"),
    (date(2026, 11, 20), date(2026, 11, 27), "0 mo"),
    (date(2026, 10, 28), date(2026, 11, 27), "0 mo"),
    (date(2026, 10, 27), date(2026, 11, 27), "1 mo"),
])
def test_age_in_years_or_months_under_two(dob: date, today: date, expected: str) -> None:
    assert age_text(dob, today) == expected


def test_dob_with_age_is_us_format() -> None:
    assert dob_with_age(date(1962, 3, 14), date(2026, 11, 27)) == "03/14/1962 (64 y)"


def test_sex_and_address() -> None:
    assert sex_label("F") == "Female (F)" and sex_label("M") == "Male (M)"
    assert address_lines("1 Elm St", "", "Albany", "NY", "12207") == "1 Elm St\nAlbany, NY 12207"
    assert address_lines("", "", "", "", "") == ""
