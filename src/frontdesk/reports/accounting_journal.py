"""Journal files for QuickBooks: IIF for QuickBooks Desktop and the journal-entry CSV QuickBooks Online imports.

IIF is tab-separated, one TRNS line then SPL lines per balanced transaction, closed by ENDTRNS; amounts are
signed (debit positive). QuickBooks Desktop reads IIF in the Windows code page, so it is written in cp1252
(the account map refuses names outside it). The CSV has one row per line with separate Debits and Credits
columns; its text cells are neutralised against spreadsheet formulas. A re-exported day keeps its journal
number with "-R<n>" and says RE-EXPORT in every memo, so the bookkeeper sees it before importing twice.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.storage.atomic import write_atomically

if TYPE_CHECKING:
    from frontdesk.domain.journal_records import DayJournal

IIF_ENCODING = "cp1252"
QBO_HEADER = ("Journal No", "Journal Date", "Account Name", "Debits", "Credits", "Description")


def _memo(journal: DayJournal, memo: str) -> str:
    return f"RE-EXPORT: {memo}" if journal.reexport else memo


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def iif_text(journals: Sequence[DayJournal]) -> str:
    """The IIF file's text: a header block, then one GENERAL JOURNAL transaction per day."""
    fields = ("TRNSTYPE", "DATE", "ACCNT", "AMOUNT", "DOCNUM", "MEMO")
    rows = [("!TRNS", *fields), ("!SPL", *fields), ("!ENDTRNS",)]
    for journal in journals:
        for index, line in enumerate(journal.lines):
            signed = line.debit - line.credit
            rows.append(("TRNS" if index == 0 else "SPL", "GENERAL JOURNAL", f"{journal.day:%m/%d/%Y}",
                         line.account, _amount(signed), journal.number, _memo(journal, line.memo)))
        rows.append(("ENDTRNS",))
    return "".join("\t".join(row) + "\r\n" for row in rows)


def qbo_csv_text(journals: Sequence[DayJournal]) -> str:
    """The QuickBooks Online journal-entry import: one row per line, grouped by journal number."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(QBO_HEADER)
    for journal in journals:
        for line in journal.lines:
            writer.writerow([neutralise_cell(v) for v in (
                journal.number, f"{journal.day:%m/%d/%Y}", line.account,
                _amount(line.debit) if line.debit else "", _amount(line.credit) if line.credit else "",
                _memo(journal, line.memo))])
    return out.getvalue()


def write_iif(path: str | os.PathLike[str], journals: Sequence[DayJournal]) -> None:
    """Write the IIF file atomically (StorageError on a disk problem)."""
    write_atomically(path, iif_text(journals).encode(IIF_ENCODING), what="the QuickBooks file")


def write_qbo_csv(path: str | os.PathLike[str], journals: Sequence[DayJournal]) -> None:
    """Write the QuickBooks Online CSV atomically, with a byte-order mark so Excel reads it as UTF-8."""
    write_atomically(path, qbo_csv_text(journals).encode("utf-8-sig"), what="the QuickBooks file")


WRITERS: dict[str, Callable[[str | os.PathLike[str], Sequence[DayJournal]], None]] = {
    "iif": write_iif, "qbo_csv": write_qbo_csv}
