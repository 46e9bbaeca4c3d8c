"""How an appointment's status reads on the grid: a text badge (never colour alone) and a fill style."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from frontdesk.domain.appointment_statuses import (
    ARRIVED, CANCELLED, CHECKED_OUT, CONFIRMED, IN_ROOM, NO_SHOW, SCHEDULED, STATUS_LABELS,
)


@dataclass(frozen=True)
class Badge:
    """``long`` for wide blocks, ``short`` when space is tight; both readable without colour."""

    long: str
    short: str
    ink: str  # badge text colour (badge background is white, so contrast never depends on the type colour)


BADGES = {
    SCHEDULED: Badge("\u25cb Booked", "\u25cb Bkd", "#333333"),
    CONFIRMED: Badge("\u2713 Confirmed", "\u2713 Conf", "#1b5e20"),
    ARRIVED: Badge("\u279c Arrived", "\u279c Arr", "#0d47a1"),
    IN_ROOM: Badge("\u25a3 In room", "\u25a3 Rm", "#4a148c"),
    CHECKED_OUT: Badge("\u23cf Out", "\u23cf Out", "#424242"),
    CANCELLED: Badge("\u2717 Cancelled", "\u2717 Canc", "#b00020"),
    NO_SHOW: Badge("\u2717 No-show", "\u2717 NS", "#b00020"),
}
# Shown under the grid, so the short forms on narrow blocks are never a guess.
LEGEND = ("Status: \u25cb Booked (Bkd) \u00b7 \u2713 Confirmed (Conf) \u00b7 \u279c Arrived (Arr) \u00b7 "
          "\u25a3 In room (Rm) \u00b7 \u23cf Out \u00b7 \u2717 Cancelled (Canc) \u00b7 \u2717 No-show (NS) \u00b7 "
          "\u26a0 booked over a rule \u00b7 hatched = not working, blocked out or closed")

INACTIVE = frozenset({CANCELLED, NO_SHOW})
FADED = frozenset({CHECKED_OUT, CANCELLED, NO_SHOW})  # done or gone: drawn paler so the open day stands out


def badge(status: str) -> Badge:
    return BADGES.get(status, Badge(STATUS_LABELS.get(status, status), status[:3], "#333333"))


def status_text(status: str) -> str:
    """The status as a list or tooltip shows it, with its marker: '✓ Confirmed'."""
    label = STATUS_LABELS.get(status, status)
    mark = badge(status).long.split(" ", 1)[0]
    return f"{mark} {label}"


def type_colour(hex_colour: str) -> QColor:
    colour = QColor(hex_colour)
    return colour if colour.isValid() else QColor("#9e9e9e")


def block_fill(hex_colour: str, status: str) -> QColor:
    """A light tint of the type colour so dark text stays legible on every type."""
    base = type_colour(hex_colour)
    amount = 0.18 if status in FADED else 0.38
    white = QColor("#ffffff")
    return QColor(round(base.red() * amount + white.red() * (1 - amount)),
                  round(base.green() * amount + white.green() * (1 - amount)),
                  round(base.blue() * amount + white.blue() * (1 - amount)))
