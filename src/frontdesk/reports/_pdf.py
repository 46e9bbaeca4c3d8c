"""Small helpers shared by the calendar printouts: escaped paragraphs, US time text, atomic PDF writes."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from frontdesk.errors import storage_error_from_os

# Printed where a figure is not known (e.g. balances until billing exists); never a made-up number.
UNKNOWN = "\u2014"


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A wrapping paragraph of user text: Paragraph parses markup, so every value is escaped first."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def clock_text(value: datetime) -> str:
    """'9:05 AM' (the value is already in the practice's time zone)."""
    return value.strftime("%I:%M %p").lstrip("0")


def date_text(value: datetime) -> str:
    return value.strftime("%m/%d/%Y")


def write_atomically(path: str | os.PathLike[str], render: Callable[[Path], None], what: str) -> None:
    """Render to a temp file beside ``path``, then rename: a failed print never leaves half a file."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        render(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error_from_os(exc, what) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
