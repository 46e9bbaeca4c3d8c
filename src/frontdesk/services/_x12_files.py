"""What every X12 file the app writes shares: a checked output path and the interchange control numbers.

ISA13/GS06 must never repeat between the practice's files to one clearinghouse, whatever their kind, so
837P batches and 270 inquiries draw from one sequence: one more than the largest number either used.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import ClaimBatch, EligibilityExport

MAX_CONTROL = 999_999_999


def next_interchange_number(session: Session) -> int:
    """ISA13 / GS06 of the next file: stored with its batch or export, never reused, at most 9 digits."""
    last = max(session.scalar(select(func.max(ClaimBatch.interchange_control_number))) or 0,
               session.scalar(select(func.max(EligibilityExport.interchange_control_number))) or 0)
    if last >= MAX_CONTROL:
        raise ConflictError("The X12 interchange control numbers are used up; call support.")
    return last + 1


def check_out_path(out_path: str | os.PathLike[str]) -> str:
    """The path to write, once its folder is known to exist (the error names the field out_path)."""
    path = Path(out_path)
    if not str(out_path).strip():
        raise ValidationError("out_path", "Choose where to save the file.")
    if not path.parent.is_dir():
        if path.parent.exists():
            raise ValidationError("out_path", f"{path.parent} is a file, not a folder.")
        raise ValidationError("out_path", f"The folder {path.parent} does not exist.")
    return str(path)
