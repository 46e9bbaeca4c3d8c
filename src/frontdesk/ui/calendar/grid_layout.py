"""Grid geometry without painting: columns, the visible time range, side-by-side lanes, hit tests, drags.

Times on the grid are local wall-clock minutes after midnight of the column's day (practice time zone).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from frontdesk.services.scheduling.appointment_status import AppointmentInfo

DAY_MINUTES = 24 * 60
DEFAULT_FIRST, DEFAULT_LAST = 8 * 60, 17 * 60
RESIZE_GRIP_PX = 6


@dataclass(frozen=True)
class Shade:
    """A blocked stretch of a column (blockout, not working, holiday) with the words printed on it."""

    start: int
    end: int
    label: str
    kind: str  # "off" (not working), "block" (blockout), "holiday"


@dataclass(frozen=True)
class Column:
    """One grid column: a provider's day, a room's day, or one day of a provider's week."""

    key: Hashable
    title: str
    subtitle: str
    day: date
    provider_id: int | None
    room_id: int | None = None  # room view: the room (None = "no room" column)
    shades: tuple[Shade, ...] = ()
    group: str = ""  # all providers' week: the day, printed once over its provider columns

    @property
    def label(self) -> str:
        """What a screen reader says of the column: 'Alvarez, Mon 03/04' or its title."""
        return f"{self.title}, {self.group}" if self.group else self.title

    @property
    def is_room(self) -> bool:
        """A room view column (its key is ("room", room id or None))."""
        return isinstance(self.key, tuple) and self.key[:1] == ("room",)


@dataclass
class Placed:
    """An appointment laid out in a column: lane i of n side-by-side lanes."""

    info: AppointmentInfo
    column: int
    start: int
    end: int
    lane: int = 0
    lanes: int = 1


def minute_of(value: datetime, day: date) -> int:
    """Local minutes after the column day's midnight, clamped to that day."""
    if value.date() < day:
        return 0
    if value.date() > day:
        return DAY_MINUTES
    return value.hour * 60 + value.minute


def off_hours_shades(hours: Iterable[tuple[datetime, datetime]], day: date, label: str = "Not working"
                     ) -> list[Shade]:
    """The complement of the working intervals within the day, as 'off' shades."""
    spans = sorted((minute_of(s, day), minute_of(e, day)) for s, e in hours)
    shades, cursor = [], 0
    for start, end in spans:
        if start > cursor:
            shades.append(Shade(cursor, start, label, "off"))
        cursor = max(cursor, end)
    if cursor < DAY_MINUTES:
        shades.append(Shade(cursor, DAY_MINUTES, label, "off"))
    return shades


def assign_lanes(placed: list[Placed]) -> None:
    """Overlapping appointments of one column share its width side by side (greedy interval colouring)."""
    placed.sort(key=lambda p: (p.start, -p.end, p.info.id))
    cluster: list[Placed] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        for p in cluster:
            p.lanes = len(lane_ends)

    for p in placed:
        if cluster and p.start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        for lane, end in enumerate(lane_ends):
            if end <= p.start:
                p.lane, lane_ends[lane] = lane, p.end
                break
        else:
            p.lane = len(lane_ends)
            lane_ends.append(p.end)
        cluster.append(p)
        cluster_end = max(cluster_end, p.end)
    if cluster:
        close()


def visible_range(columns: Sequence[Column], placed: Sequence[Placed]) -> tuple[int, int]:
    """First and last minute shown: working hours and bookings, whole hours, 8 AM-5 PM when nothing is known."""
    starts, ends = [], []
    for column in columns:
        cursor = 0
        for shade in sorted((s for s in column.shades if s.kind == "off"), key=lambda s: s.start):
            if shade.start > cursor:  # a working stretch between two off-shades
                starts.append(cursor)
                ends.append(shade.start)
            cursor = max(cursor, shade.end)
    starts += [p.start for p in placed]
    ends += [p.end for p in placed]
    first = min(starts, default=DEFAULT_FIRST)
    last = max(ends, default=DEFAULT_LAST)
    if last - first < 60:
        first, last = min(first, DEFAULT_FIRST), max(last, DEFAULT_LAST)
    first = max(0, (first // 60) * 60)
    last = min(DAY_MINUTES, math.ceil(last / 60) * 60)
    return first, last


@dataclass
class Geometry:
    """Pixel layout of the grid's content (before scrolling): header on top, time gutter on the left."""

    columns: int
    first: int
    last: int
    slot: int
    width: float  # of the viewport
    px_per_minute: float = 1.8
    header: float = 42.0
    gutter: float = 66.0
    min_column: float = 110.0
    col_width: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        free = max(0.0, self.width - self.gutter)
        self.col_width = max(self.min_column, free / self.columns) if self.columns else free

    @property
    def content_width(self) -> float:
        return self.gutter + self.col_width * self.columns

    @property
    def content_height(self) -> float:
        return self.header + (self.last - self.first) * self.px_per_minute

    def x_of(self, column: int) -> float:
        return self.gutter + column * self.col_width

    def y_of(self, minute: float) -> float:
        return self.header + (minute - self.first) * self.px_per_minute

    def column_at(self, x: float) -> int | None:
        if x < self.gutter or not self.columns:
            return None
        index = int((x - self.gutter) // self.col_width)
        return index if 0 <= index < self.columns else None

    def minute_at(self, y: float) -> float:
        return self.first + (y - self.header) / self.px_per_minute

    def slot_at(self, y: float) -> int:
        """The start minute of the slot under ``y`` (clamped to the visible range)."""
        minute = self.minute_at(y)
        snapped = int(minute // self.slot) * self.slot
        return max(self.first, min(snapped, self.last - self.slot))

    def snap(self, minute: float) -> int:
        """The nearest slot boundary."""
        return round(minute / self.slot) * self.slot

    def block_rect(self, p: Placed) -> tuple[float, float, float, float]:
        """(x, y, w, h) of a placed appointment, leaving a small gap between lanes and to the column edge."""
        lane_w = (self.col_width - 6) / max(1, p.lanes)
        x = self.x_of(p.column) + 2 + p.lane * lane_w
        top = self.y_of(max(p.start, self.first))
        bottom = self.y_of(min(max(p.end, p.start + 1), self.last))
        return x, top, max(8.0, lane_w - 2), max(6.0, bottom - top - 1)


def hit(geometry: Geometry, placed: Sequence[Placed], x: float, y: float) -> tuple[Placed | None, bool]:
    """The appointment under (x, y) in content coordinates, and whether the point is on its bottom edge."""
    for p in reversed(placed):  # later lanes are painted last, so they win ties
        bx, by, bw, bh = geometry.block_rect(p)
        if bx <= x <= bx + bw and by <= y <= by + bh:
            return p, y >= by + bh - RESIZE_GRIP_PX and p.end <= geometry.last
    return None, False


@dataclass
class Drag:
    """A left-button press on the grid until its release: selecting empty slots, or moving / resizing a block."""

    mode: str  # "select", "move" or "resize"
    press: tuple[float, float]  # content coordinates of the press
    column: int = 0  # select: the column pressed
    anchor: int = 0  # select: the slot pressed
    item: Placed | None = None  # move / resize: the appointment pressed
    grab: float = 0.0  # move: minutes between the appointment's start and the press
    active: bool = False  # moved past the drag threshold (until then it is a click, which never moves anything)

    def target(self, g: Geometry, x: float, y: float) -> Placed:
        """Where the moved or resized appointment would land with the pointer at (x, y), snapped to slots."""
        item = self.item
        if item is None:
            raise ValueError("only a move or a resize has a target")
        length = item.end - item.start
        if self.mode == "resize":
            end = max(item.start + g.slot, g.snap(g.minute_at(y)))
            return Placed(item.info, item.column, item.start, min(end, g.last))
        column = g.column_at(x)
        column = item.column if column is None else column
        start = g.snap(g.minute_at(y) - self.grab)
        start = max(g.first, min(start, g.last - min(length, g.last - g.first)))
        return Placed(item.info, column, start, start + length)
