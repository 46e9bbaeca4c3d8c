"""pyx12 maps for the 270/271 (005010X279A1), derived from the 004010X092A1 maps pyx12 ships.

pyx12 4.0.0 (the newest release) has no 005010X279A1 maps: its maps.xml names them but the files are
not in the package. The 5010 guide keeps the 4010 loops, segments and codes the app writes and reads;
what changed for them is the version string (GS08, ST03, ISA12 00501) and the date qualifier 291
(plan date) that replaced 307 in the inquiry. So the maps used here are pyx12's own 4010 maps with
exactly those changes, written once per process into a private folder next to copies of pyx12's
00501 control map and element dictionaries. When a pyx12 release ships the X279A1 maps, ``map_folder``
can return pyx12's own folder instead.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from pathlib import Path

VERSION = "005010X279A1"
_SOURCE_VERSION = "004010X092A1"
_SHARED_FILES = ("x12.control.00501.xml", "dataele.xml", "codes.xml")
_ST03 = f"""
          <element xid="ST03">
            <data_ele>1705</data_ele>
            <name>Implementation Convention Reference</name>
            <usage>R</usage>
            <seq>03</seq>
            <valid_codes>
              <code>{VERSION}</code>
            </valid_codes>
          </element>"""
_MAPS_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<maps>
  <version icvn="00501">
    <map vriic="{VERSION}" fic="HS" abbr="270">270.5010.X279.A1.xml</map>
    <map vriic="{VERSION}" fic="HB" abbr="271">271.5010.X279.A1.xml</map>
    <map vriic="" fic="" abbr="X12">x12.control.00501.xml</map>
  </version>
</maps>
"""


def _pyx12_map_folder() -> Path:
    import pyx12

    return Path(pyx12.__file__).parent / "map"


def derive_map(text: str) -> str:
    """One 4010 X092A1 map as the 5010 X279A1 one (see the module docstring for what changes)."""
    text = text.replace(_SOURCE_VERSION, VERSION).replace("<code>00401</code>", "<code>00501</code>")
    st02 = re.search(r'<element xid="ST02">.*?</element>', text, re.S)
    if st02 is None:
        raise ValueError("the pyx12 map has no ST02 element")
    text = text[:st02.end()] + _ST03 + text[st02.end():]

    def add_plan_date(match: re.Match[str]) -> str:
        block = match.group(0)
        if "<code>291</code>" in block or "<code>307</code>" not in block:
            return block
        return block.replace("<code>307</code>", "<code>291</code>\n<code>307</code>", 1)

    return re.sub(r'<element xid="DTP01">.*?</element>', add_plan_date, text, flags=re.S)


@functools.cache
def map_folder() -> str:
    """The folder holding the derived 270/271 maps (made on first use, removed when the process ends)."""
    source = _pyx12_map_folder()
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-x279-"))
    atexit.register(shutil.rmtree, folder, True)
    for name in _SHARED_FILES:
        shutil.copyfile(source / name, folder / name)
    for kind in ("270", "271"):
        text = (source / f"{kind}.4010.X092.A1.xml").read_text(encoding="utf-8")
        (folder / f"{kind}.5010.X279.A1.xml").write_text(derive_map(text), encoding="utf-8")
    (folder / "maps.xml").write_text(_MAPS_XML, encoding="utf-8")
    return str(folder)


def validate_eligibility_file(text: str) -> list[str]:
    """pyx12's verdict on a 270 or 271 (its errors, each naming the segment; empty = valid)."""
    from frontdesk.reports.x12_837p.validation import validate_with_pyx12

    return validate_with_pyx12(text, map_path=map_folder())
