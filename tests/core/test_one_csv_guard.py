"""Every CSV the app writes goes through the one formula-injection guard, domain/csv_cells.neutralise_cell."""

from __future__ import annotations

from pathlib import Path

import frontdesk

SRC = Path(frontdesk.__file__).parent


def test_every_module_writing_csv_uses_the_one_guard() -> None:
    writers = [p for p in SRC.rglob("*.py") if "csv.writer(" in p.read_text(encoding="utf-8")
               and p.parts[-2] != "bench"]
    assert writers, "no CSV writer found: the search is broken"
    unguarded = [str(p.relative_to(SRC)) for p in writers
                 if "from frontdesk.domain.csv_cells import neutralise_cell" not in p.read_text(encoding="utf-8")]
    assert unguarded == []


def test_no_copy_of_the_guard() -> None:
    copies = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
              if p.name != "csv_cells.py" and '("=", "+", "-", "@"' in p.read_text(encoding="utf-8")]
    assert copies == []
