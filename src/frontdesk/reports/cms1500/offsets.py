"""Per-workstation print alignment for the red CMS-1500 form: X/Y offsets in 1/100 inch, kept in workstation.json."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from frontdesk.errors import ValidationError
from frontdesk.workstation_settings import read_settings, write_setting

log = logging.getLogger(__name__)

# Half an inch either way: printers and form stock differ by a few hundredths; more means the wrong paper.
MAX_OFFSET = 50
SETTINGS_KEY = "cms1500_offsets"
POINTS_PER_HUNDREDTH = 0.72  # 72 pt per inch


@dataclass(frozen=True)
class PrintOffsets:
    """Shift of everything printed: +x moves right, +y moves down the page (1/100 inch)."""

    x_hundredths: int = 0
    y_hundredths: int = 0

    def __post_init__(self) -> None:
        for name in ("x_hundredths", "y_hundredths"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(name, "The offset must be a whole number of hundredths of an inch.")
            if abs(value) > MAX_OFFSET:
                raise ValidationError(name, f"The offset must be between -{MAX_OFFSET} and +{MAX_OFFSET} "
                                            "hundredths of an inch (half an inch).")

    @property
    def dx_points(self) -> float:
        return self.x_hundredths * POINTS_PER_HUNDREDTH

    @property
    def dy_points(self) -> float:
        """Downward shift in points (PDF y grows upwards, so the renderer subtracts it)."""
        return self.y_hundredths * POINTS_PER_HUNDREDTH

    def describe(self) -> str:
        """'X +5 RIGHT Y -3 UP' (1/100 inch), for the alignment page; a zero offset has no direction."""
        x_dir = " RIGHT" if self.x_hundredths > 0 else " LEFT" if self.x_hundredths < 0 else ""
        y_dir = " DOWN" if self.y_hundredths > 0 else " UP" if self.y_hundredths < 0 else ""
        return f"X {self.x_hundredths:+d}{x_dir} Y {self.y_hundredths:+d}{y_dir}"


NO_OFFSETS = PrintOffsets()  # the default (immutable, so safe to share as a default argument)


def load_offsets(settings_file: Path) -> PrintOffsets:
    """The saved offsets, or zero offsets when the file is missing or damaged (printing must still work)."""
    raw = read_settings(Path(settings_file)).get(SETTINGS_KEY)
    if not isinstance(raw, dict):
        return PrintOffsets()
    try:
        return PrintOffsets(int(raw.get("x_hundredths", 0)), int(raw.get("y_hundredths", 0)))
    except (TypeError, ValueError, ValidationError):
        log.warning("saved form offsets out of range; using defaults")
        return PrintOffsets()


def save_offsets(settings_file: Path, offsets: PrintOffsets) -> None:
    """Read-modify-write the workstation file (other keys kept), through a temp file and an atomic rename."""
    write_setting(Path(settings_file), SETTINGS_KEY,
                  {"x_hundredths": offsets.x_hundredths, "y_hundredths": offsets.y_hundredths})
