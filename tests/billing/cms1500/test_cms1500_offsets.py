"""Per-workstation alignment offsets: range checks, and a workstation.json that keeps its other keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500 import PrintOffsets, load_offsets, save_offsets


def test_missing_file_gives_zero_offsets(tmp_path: Path) -> None:
    assert load_offsets(tmp_path / "workstation.json") == PrintOffsets(0, 0)


def test_save_and_load_keeps_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "workstation.json"
    path.write_text(json.dumps({"printer": "Front desk laser", "zoom": 2}), encoding="utf-8")
    save_offsets(path, PrintOffsets(x_hundredths=-12, y_hundredths=30))
    assert load_offsets(path) == PrintOffsets(-12, 30)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["printer"] == "Front desk laser" and data["zoom"] == 2
    save_offsets(path, PrintOffsets(1, 2))
    assert load_offsets(path) == PrintOffsets(1, 2)
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"cms1500_offsets": {"x_hundredths": 999}}',
                                     '{"cms1500_offsets": {"x_hundredths": "left"}}', '{"cms1500_offsets": 5}'])
def test_damaged_file_falls_back_to_defaults_and_can_be_rewritten(tmp_path: Path, content: str) -> None:
    path = tmp_path / "workstation.json"
    path.write_text(content, encoding="utf-8")
    assert load_offsets(path) == PrintOffsets()
    save_offsets(path, PrintOffsets(3, 4))
    assert load_offsets(path) == PrintOffsets(3, 4)


def test_binary_garbage_is_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "workstation.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_offsets(path) == PrintOffsets()


@pytest.mark.parametrize("bad", [51, -51, 1000])
def test_offsets_beyond_half_an_inch_are_refused(bad: int) -> None:
    with pytest.raises(ValidationError) as info:
        PrintOffsets(x_hundredths=bad)
    assert info.value.field == "x_hundredths"
    with pytest.raises(ValidationError):
        PrintOffsets(y_hundredths=bad)


def test_offsets_must_be_whole_hundredths() -> None:
    with pytest.raises(ValidationError):
        PrintOffsets(x_hundredths=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PrintOffsets(y_hundredths=True)
    assert PrintOffsets(50, -50).describe() == "X +50 RIGHT Y -50 UP"
    assert PrintOffsets().describe() == "X +0 Y +0"
