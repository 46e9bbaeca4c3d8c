"""The one guard against spreadsheet formula injection, for every CSV the app writes.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a carriage
return) as a formula: a patient named ``=HYPERLINK(...)`` would become a link in the practice's own report.
Such text gets a leading apostrophe, which spreadsheets show as text and hide. A spreadsheet that splits
fields on semicolons (the usual CSV separator where the comma is the decimal mark) would also start a new
cell after every ``;``, where our comma-separated quoting does not reach, so a ``;`` followed by one of those
characters gets the apostrophe after it too. Qt-free and free of any other FrontDesk import.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_SEMICOLON = re.compile(";(?=[=+\\-@\t\r])")


def neutralise_cell(value: object) -> object:
    """``value`` safe for a CSV cell: text that a spreadsheet would run, at the start or after a ``;``, gets
    an apostrophe before it; other text and non-text values (numbers, dates) are returned unchanged."""
    if not isinstance(value, str):
        return value
    value = _AFTER_SEMICOLON.sub(";'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
