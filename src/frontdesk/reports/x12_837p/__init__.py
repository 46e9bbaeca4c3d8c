"""X12 837P (005010X222A1) professional claims: the file writer and the app's own checks."""

from frontdesk.reports.x12_837p.checks import own_checks
from frontdesk.reports.x12_837p.validation import validate_with_pyx12
from frontdesk.reports.x12_837p.writer import (
    ControlNumbers,
    Submitter,
    render_837p,
    write_837p,
)

__all__ = ["ControlNumbers", "Submitter", "own_checks", "render_837p", "validate_with_pyx12", "write_837p"]
