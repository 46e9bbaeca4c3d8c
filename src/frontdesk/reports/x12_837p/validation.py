"""Validate an X12 file with pyx12 (a test dependency only: imported inside the function)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any


def _messages(where: str, errors: list[dict[str, Any]]) -> list[str]:
    out = []
    for err in errors:
        value = err.get("err_val")
        suffix = f" (value {value!r})" if value not in (None, "") else ""
        out.append(f"{where}: {err.get('err_cde', '')} {err.get('err_str', '')}{suffix}".strip())
    return out


def _flatten(doc: dict[str, Any]) -> list[str]:
    """Every error in pyx12's JSON report, at whatever level (ISA, GS, ST, segment, element)."""
    found: list[str] = []
    for isa in doc.get("interchanges", []):
        found += _messages(f"ISA line {isa.get('cur_line')}", isa.get("errors", []))
        for gs in isa.get("groups", []):
            found += _messages(f"GS line {gs.get('cur_line')}", gs.get("errors", []))
            for st in gs.get("transactions", []):
                found += _messages(f"ST line {st.get('cur_line')}", st.get("errors", []))
                for seg in st.get("segments", []):
                    where = f"{seg.get('seg_id')} line {seg.get('cur_line')}"
                    found += _messages(where, seg.get("errors", []))
                    for ele in seg.get("elements", []):
                        found += _messages(f"{where} element {ele.get('ele_pos')}", ele.get("errors", []))
    return found


def validate_with_pyx12(text_or_path: str | os.PathLike[str], *, map_path: str | None = None) -> list[str]:
    """Run pyx12's X12 validator (maps for 005010X222A1); return its errors, an empty list = valid.

    A ``str`` that starts with "ISA" is the file's text; anything else is a path. pyx12's own
    pass/fail verdict is honoured too: a failure it reports without any error detail still counts.
    ``map_path`` is a folder of maps to use instead of pyx12's own (the 270/271 maps, see x12_270).
    """
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    if isinstance(text_or_path, str) and text_or_path.lstrip().startswith("ISA"):
        source: Any = io.StringIO(text_or_path.lstrip())
    else:
        source = Path(text_or_path).read_text(encoding="ascii")
        source = io.StringIO(source)
    params = pyx12.params.params()
    if map_path is not None:
        params.set("map_path", map_path)
    report = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(params, source, fd_997=None, fd_html=None, fd_json=report,
                                                 map_path=map_path)
    except pyx12.errors.X12Error as exc:  # a file pyx12 cannot even read as X12
        return [f"not a valid X12 file: {exc}"]
    except pyx12.errors.EngineError as exc:  # e.g. no map for the GS version
        return [f"pyx12 could not validate: {exc}"]
    errors = _flatten(json.loads(report.getvalue())) if report.getvalue() else []
    if not ok and not errors:
        errors.append("pyx12 reports the file invalid (no detail given)")
    return errors
