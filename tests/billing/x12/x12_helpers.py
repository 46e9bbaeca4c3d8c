"""Shared pieces of the 837P tests: a submitter, control numbers, and a render-then-validate helper."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from frontdesk.domain.claim_form import ClaimForm
from frontdesk.reports.x12_837p import (
    ControlNumbers,
    Submitter,
    render_837p,
    validate_with_pyx12,
)
from frontdesk.reports.x12_837p.checks import file_checks

SUBMITTER = Submitter(
    submitter_id="FDSUB01", submitter_name="Springfield Family Practice", contact_name="Pat Biller",
    contact_phone_digits="2175550100", receiver_id="CLEARHOUSE1", receiver_name="Clear House EDI",
    usage_indicator="T",
)
CONTROL = ControlNumbers(interchange=4321, group=77)
CREATED = datetime(2026, 11, 27, 9, 5)


def render(forms: Sequence[ClaimForm], **kwargs: object) -> str:
    options: dict[str, object] = {"submitter": SUBMITTER, "control": CONTROL, "created_at": CREATED}
    options.update(kwargs)
    return render_837p(forms, **options)  # type: ignore[arg-type]


def assert_valid(text: str) -> None:
    """pyx12 finds nothing and the app's file checks (sums, counts, control numbers) agree."""
    assert validate_with_pyx12(text) == []
    assert file_checks(text) == []


def segments(text: str) -> list[list[str]]:
    return [seg.strip().split("*") for seg in text.split("~") if seg.strip()]


def find(text: str, tag: str) -> list[list[str]]:
    return [row for row in segments(text) if row[0] == tag]
