"""The Emergency Kit PDF: one page, the key and facts present, user text printed literally, atomic write."""

# Fixed dates are data here: the kit prints the creation time it is given.

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest

from frontdesk.errors import StorageError
from frontdesk.reports import emergency_kit
from frontdesk.reports.emergency_kit import write_emergency_kit

KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
CREATED = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


def _write(path: Path, **overrides: object) -> None:
    args: dict[str, object] = dict(practice_name="Maple Street Family Medicine", data_folder="/srv/FrontDesk",
                                   recovery_key=KEY, key_id="0123456789abcdef", created=CREATED)
    args.update(overrides)
    write_emergency_kit(path, **args)  # type: ignore[arg-type]


def _text(path: Path) -> tuple[int, str]:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_kit_holds_the_key_and_the_facts_on_one_letter_page(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    _write(path)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (612, 792)  # US Letter in points
        text = page.extract_text()
        key_words = [w for w in page.extract_words() if w["text"] == KEY]
    assert emergency_kit.TITLE in text
    assert "Maple Street Family Medicine" in text
    assert "0123456789abcdef" in text and "/srv/FrontDesk" in text
    local_day = CREATED.strftime("%m/%d/%Y")  # the date as the given (practice-clock) time reads it
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", text) and local_day in text
    assert "never email" in text.lower() and "safe" in text
    assert emergency_kit.HINT_HEADING in text and emergency_kit.HELP_HEADING in text
    # the key is printed big, in one piece, in a monospace font
    assert len(key_words) == 1
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["top"] == key_words[0]["top"]]
    assert all("Courier" in c["fontname"] for c in chars) and min(c["size"] for c in chars) >= 18


@pytest.mark.parametrize("name", [
    "Smith <b>&amp; Jones</b> Family Medicine",
    "Lone <b> tag & <unclosed",
    "<font color='red'>Red</font> Clinic <br/>",
])
def test_user_text_is_printed_literally_never_parsed_as_markup(tmp_path: Path, name: str) -> None:
    path = tmp_path / "kit.pdf"
    _write(path, practice_name=name, data_folder="C:\\Users\\<me>\\FrontDesk & co")
    pages, text = _text(path)
    assert pages == 1
    assert name in text
    assert "C:\\Users\\<me>\\FrontDesk & co" in text


def test_long_values_wrap_and_stay_on_one_page(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    _write(path, practice_name="Pediatric and Adolescent Medicine Associates of Northern Westchester " * 2,
           data_folder="/Volumes/Practice Share/" + "x" * 180 + "/FrontDesk")
    pages, text = _text(path)
    assert pages == 1 and KEY in text


def test_write_is_atomic_and_private(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    path.write_bytes(b"an older kit")
    _write(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["kit.pdf"]  # no temp file left behind
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600


def test_unwritable_target_raises_storage_error_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "kit.pdf"
    with pytest.raises(StorageError) as info:
        _write(target)
    assert "Emergency Kit" in str(info.value)
    assert not (tmp_path / "missing-folder").exists()


def test_naive_created_time_is_taken_as_local(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    _write(path, created=datetime(2026, 1, 2, 9, 30))
    assert "01/02/2026" in _text(path)[1]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_kit_renders_to_an_image(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    _write(path)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "kit")], check=True)
    png = tmp_path / "kit-1.png"
    assert png.is_file() and png.stat().st_size > 5_000  # a page with text, not a blank sheet
    folder = os.environ.get("FRONTDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / "emergency-kit.png")
