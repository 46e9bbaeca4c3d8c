"""Painting the schedule grid with one QPainter (no widget per appointment, so 400 visits paint fast)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from frontdesk.ui.calendar.grid_layout import Column, Geometry, Placed, Shade
from frontdesk.ui.calendar.status_style import (
    FADED,
    INACTIVE,
    badge,
    block_fill,
    type_colour,
)

_LINE_HOUR = QColor("#b0b0b0")
_LINE_SLOT = QColor("#e4e4e4")
_TEXT = QColor("#1a1a1a")
_MUTED = QColor("#555555")
_SHADES = {  # fill, hatch, label colour; the hatch pattern + words mean colour is never the only cue
    "off": (QColor("#eeeeee"), QColor("#c9c9c9"), QColor("#5f5f5f")),
    "block": (QColor("#fbf1df"), QColor("#d9b98a"), QColor("#6d4c1d")),
    "holiday": (QColor("#fde7e7"), QColor("#e0a3a3"), QColor("#7f1d1d")),
}
_DAY_BREAK = QColor("#6b6b6b")
NARROW_BLOCK = 90  # pixels of text width under which a block shows the patient without the time
_NOW = QColor("#d32f2f")
_CURSOR = QColor("#1565c0")


def clock(minute: int) -> str:
    """'9:05 AM' for a minute of the day."""
    hour, mins = divmod(minute % (24 * 60), 60)
    return f"{(hour % 12) or 12}:{mins:02d} {'AM' if hour < 12 else 'PM'}"


def short_clock(minute: int) -> str:
    """'9:05' (no AM/PM: the gutter shows it)."""
    hour, mins = divmod(minute % (24 * 60), 60)
    return f"{(hour % 12) or 12}:{mins:02d}"


def day_breaks(columns: Sequence[Column]) -> list[int]:
    """Indexes of the columns that start a new day, when some day has more than one column (else none)."""
    if not any(a.day == b.day for a, b in pairwise(columns)):
        return []
    return [i for i in range(1, len(columns)) if columns[i].day != columns[i - 1].day]


@dataclass
class Overlay:
    """What sits on top of the data: selection, cut mark, keyboard cursor, a drag ghost, the current time."""

    selected_id: int | None = None
    cut_id: int | None = None
    cursor: tuple[int, int] | None = None  # (column, slot start minute)
    show_cursor: bool = False
    ghost: Placed | None = None  # where a dragged block would land
    ghost_ok: bool = True
    now_minute: int | None = None
    now_columns: tuple[int, ...] = ()
    selecting: tuple[int, int, int] | None = None  # (column, first minute, last minute) while dragging over slots


class GridPainter:
    """Paints columns, shades, lines, appointments, header and gutter for one Geometry."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        self.italic = QFont(self.small)
        self.italic.setItalic(True)
        self.fm = QFontMetricsF(self.font)
        self.fm_bold = QFontMetricsF(self.bold)
        self.fm_small = QFontMetricsF(self.small)
        # Wide enough for the longest clock text in bold, so "10:00 AM" is never cut.
        self.gutter_width = self.fm_bold.horizontalAdvance("12:00 PM") + 16
        self.header_height = self.fm_bold.height() + self.fm_small.height() + 12

    # -- body ---------------------------------------------------------------------------------------
    def paint_body(self, p: QPainter, g: Geometry, columns: Sequence[Column], placed: Sequence[Placed],
                   overlay: Overlay, visible: QRectF) -> None:
        """Everything below the header and right of the gutter; ``visible`` is in content coordinates."""
        top_min = max(g.first, int(g.minute_at(visible.top())) - 1)
        bottom_min = min(g.last, int(g.minute_at(visible.bottom())) + 1)
        for index, column in enumerate(columns):
            x = g.x_of(index)
            if x > visible.right() or x + g.col_width < visible.left():
                continue
            for shade in column.shades:
                if shade.end > top_min and shade.start < bottom_min:
                    self._shade(p, g, x, shade, visible.top())
        self._lines(p, g, len(columns), top_min, bottom_min, visible)
        self._day_breaks(p, g, columns, visible.top(), visible.bottom())
        if overlay.selecting is not None:
            col, first, last = overlay.selecting
            p.fillRect(QRectF(g.x_of(col) + 1, g.y_of(first), g.col_width - 2, (last - first) * g.px_per_minute),
                       QColor(21, 101, 192, 60))
        for item in placed:
            if item.end < top_min or item.start > bottom_min:
                continue
            x, y, w, h = g.block_rect(item)
            if x > visible.right() or x + w < visible.left():
                continue
            self.paint_block(p, QRectF(x, y, w, h), item, selected=item.info.id == overlay.selected_id,
                             cut=item.info.id == overlay.cut_id)
        if overlay.ghost is not None:
            self._ghost(p, g, overlay.ghost, overlay.ghost_ok)
        if overlay.cursor is not None and overlay.show_cursor:
            col, minute = overlay.cursor
            rect = QRectF(g.x_of(col) + 1, g.y_of(minute) + 1, g.col_width - 3, g.slot * g.px_per_minute - 2)
            p.setPen(QPen(_CURSOR, 2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
        if overlay.now_minute is not None and g.first <= overlay.now_minute <= g.last:
            y = g.y_of(overlay.now_minute)
            p.setPen(QPen(_NOW, 2))
            for col in overlay.now_columns:
                p.drawLine(QPointF(g.x_of(col), y), QPointF(g.x_of(col) + g.col_width, y))

    def _shade(self, p: QPainter, g: Geometry, x: float, shade: Shade, view_top: float) -> None:
        fill, hatch, ink = _SHADES.get(shade.kind, _SHADES["off"])
        start, end = max(shade.start, g.first), min(shade.end, g.last)
        if end <= start:
            return
        rect = QRectF(x, g.y_of(start), g.col_width, (end - start) * g.px_per_minute)
        p.fillRect(rect, fill)
        p.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        # The words stay at the top of what is visible of the shade, so scrolling never hides them.
        label_top = max(rect.top(), view_top) + 1
        if rect.bottom() - label_top >= self.fm_small.height() + 1:
            p.setFont(self.italic)
            p.setPen(ink)
            text = self.fm_small.elidedText(shade.label, Qt.TextElideMode.ElideRight, rect.width() - 8)
            label = QRectF(rect.left() + 4, label_top, rect.width() - 8, self.fm_small.height())
            # A white backing keeps the words readable over the hatch.
            p.fillRect(label.adjusted(-2, 0, 2 - (label.width() - self.fm_small.horizontalAdvance(text) - 2), 0),
                       QColor(255, 255, 255, 215))
            p.drawText(label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _lines(self, p: QPainter, g: Geometry, ncols: int, top_min: int, bottom_min: int, visible: QRectF) -> None:
        left, right = g.gutter, g.content_width
        minute = (top_min // g.slot) * g.slot
        while minute <= bottom_min:
            p.setPen(_LINE_HOUR if minute % 60 == 0 else _LINE_SLOT)
            y = g.y_of(minute)
            p.drawLine(QPointF(left, y), QPointF(right, y))
            minute += g.slot
        p.setPen(_LINE_HOUR)
        for col in range(ncols + 1):
            x = g.x_of(col)
            p.drawLine(QPointF(x, visible.top()), QPointF(x, visible.bottom()))

    def _day_breaks(self, p: QPainter, g: Geometry, columns: Sequence[Column], top: float, bottom: float) -> None:
        """A heavier line where the day changes in a grid of several columns per day (all providers' week)."""
        p.setPen(QPen(_DAY_BREAK, 2))
        for index in day_breaks(columns):
            x = g.x_of(index)
            p.drawLine(QPointF(x, top), QPointF(x, bottom))

    def paint_block(self, p: QPainter, rect: QRectF, item: Placed, *, selected: bool, cut: bool) -> None:
        """Type colour (tint + stripe), 'time Last, First', a status badge in words, type and reason."""
        info = item.info
        colour = type_colour(info.type_colour)
        p.save()
        p.setClipRect(rect.adjusted(-1, -1, 1, 1))  # long words never spill into a neighbour
        p.setPen(QPen(colour.darker(150), 1))
        p.setBrush(block_fill(info.type_colour, info.status))
        p.drawRect(rect)
        p.fillRect(QRectF(rect.left(), rect.top(), 5, rect.height()), colour)
        mark = badge(info.status)
        text_left, width = rect.left() + 8, rect.width() - 10
        line_h, small_h = self.fm_bold.height(), self.fm_small.height() + 2
        lines = max(1, int((rect.height() - 2) // line_h))
        long_w = self.fm_small.horizontalAdvance(mark.long) + 8
        short_w = self.fm_small.horizontalAdvance(mark.short) + 8
        # A narrow block (all providers' week) leads with the name: its time is where it sits, and in the tooltip.
        time_name = info.patient_name if width < NARROW_BLOCK else \
            f"{short_clock(info.start.hour * 60 + info.start.minute)} {info.patient_name}"
        detail = " \u00b7 ".join(part for part in (info.type_name, info.reason) if part)
        if info.override_rules:
            detail = "\u26a0 " + detail  # booked over a rule: worth a second look
        # Where the badge goes: beside the name when the name keeps ~110 px, else first on line 2.
        if width - long_w >= 110:
            badge_text, badge_w, badge_rect = mark.long, long_w, None
        elif lines >= 2:
            badge_text, badge_w = (mark.long, long_w) if long_w <= width else (mark.short, short_w)
            badge_rect = QRectF(text_left, rect.top() + 1 + line_h, badge_w, small_h)
        else:
            badge_text, badge_w, badge_rect = mark.short, short_w, None
        if badge_rect is None:
            badge_rect = QRectF(rect.right() - badge_w - 2, rect.top() + 1, badge_w, min(small_h, rect.height() - 2))
        on_top = badge_rect.top() < rect.top() + line_h
        ink = _MUTED if info.status in FADED else _TEXT
        # Line 1: time and patient (struck through when the visit is cancelled or a no-show).
        name_w = max(0.0, width - (badge_w + 4 if on_top else 0))
        if lines == 1 and detail:
            time_name = f"{time_name} \u00b7 {detail}"
        bold = QFont(self.bold)
        bold.setStrikeOut(info.status in INACTIVE)
        p.setFont(bold)
        p.setPen(ink)
        p.drawText(QRectF(text_left, rect.top() + 1, name_w, min(line_h, rect.height() - 2)),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.fm_bold.elidedText(time_name, Qt.TextElideMode.ElideRight, name_w))
        self._badge(p, badge_rect, badge_text, QColor(mark.ink))
        if lines >= 2 and detail:
            p.setFont(self.font)
            p.setPen(ink)
            if on_top:
                body = QRectF(text_left, rect.top() + 1 + line_h, width, (lines - 1) * self.fm.height())
            elif lines >= 3:  # the badge has line 2 to itself; the details start below it
                body = QRectF(text_left, rect.top() + 1 + line_h + small_h, width, (lines - 2) * self.fm.height())
            else:
                left = text_left + badge_w + 4
                body = QRectF(left, rect.top() + 1 + line_h, rect.right() - left - 2, self.fm.height())
            if body.height() < 2 * self.fm.height():
                p.drawText(body, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                           self.fm.elidedText(detail, Qt.TextElideMode.ElideRight, max(0.0, body.width())))
            else:
                p.drawText(body, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                           detail)
        if selected:
            p.setPen(QPen(QColor("#000000"), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -1, -1))
        if cut:
            p.setPen(QPen(QColor("#000000"), 2, Qt.PenStyle.DashLine))
            p.setBrush(QColor(255, 255, 255, 120))
            p.drawRect(rect.adjusted(1, 1, -1, -1))
            p.setFont(self.small)
            p.drawText(rect.adjusted(0, 0, -4, -1), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                       "\u2702 Cut")
        p.restore()

    def _badge(self, p: QPainter, rect: QRectF, text: str, ink: QColor) -> None:
        if rect.height() < 6:
            return
        p.setPen(QPen(ink, 1))
        p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(rect, 3, 3)
        p.setFont(self.small)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _ghost(self, p: QPainter, g: Geometry, ghost: Placed, ok: bool) -> None:
        x, y, w, h = g.x_of(ghost.column) + 2, g.y_of(ghost.start), g.col_width - 6, \
            (ghost.end - ghost.start) * g.px_per_minute
        rect = QRectF(x, y, w, h)
        p.setPen(QPen(QColor("#000000"), 2, Qt.PenStyle.DashLine))
        p.setBrush(QColor(255, 255, 255, 170) if ok else QColor(255, 205, 210, 190))
        p.drawRect(rect)
        p.setFont(self.bold)
        p.setPen(_TEXT)
        label = f"\u2192 {clock(ghost.start)}\u2013{clock(ghost.end)}"
        p.drawText(rect.adjusted(6, 1, -4, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   self.fm_bold.elidedText(label, Qt.TextElideMode.ElideRight, max(0.0, w - 10)))

    # -- header and gutter --------------------------------------------------------------------------
    def paint_header(self, p: QPainter, g: Geometry, columns: Sequence[Column], highlight: int | None) -> None:
        p.fillRect(QRectF(g.gutter, 0, g.content_width, g.header), QColor("#f5f5f5"))
        if any(c.group for c in columns):
            self._grouped_header(p, g, columns, highlight)
            return
        for index, column in enumerate(columns):
            x = g.x_of(index)
            if index == highlight:
                p.fillRect(QRectF(x, 0, g.col_width, g.header), QColor("#e3f2fd"))
            p.setPen(_LINE_HOUR)
            p.drawLine(QPointF(x, 0), QPointF(x, g.header))
            p.setFont(self.bold)
            p.setPen(_TEXT)
            p.drawText(QRectF(x + 4, 2, g.col_width - 8, g.header / 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                       self.fm_bold.elidedText(column.title, Qt.TextElideMode.ElideRight, g.col_width - 8))
            p.setFont(self.small)
            p.setPen(_MUTED)
            p.drawText(QRectF(x + 4, g.header / 2, g.col_width - 8, g.header / 2 - 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                       self.fm_small.elidedText(column.subtitle, Qt.TextElideMode.ElideRight, g.col_width - 8))
        self._day_breaks(p, g, columns, 0, g.header)
        p.setPen(_LINE_HOUR)
        p.drawLine(QPointF(g.gutter, g.header - 0.5), QPointF(g.content_width, g.header - 0.5))

    def _grouped_header(self, p: QPainter, g: Geometry, columns: Sequence[Column], highlight: int | None) -> None:
        """Columns grouped by day (all providers' week): the day once across its columns, each column's title
        (the provider) under it in the small font, so a narrow column still shows a whole last name."""
        half = g.header / 2
        starts = [0, *day_breaks(columns), len(columns)]
        for first, end in pairwise(starts):
            x, width = g.x_of(first), g.col_width * (end - first)
            p.setFont(self.bold)
            p.setPen(_TEXT)
            p.drawText(QRectF(x + 4, 2, width - 8, half), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                       self.fm_bold.elidedText(columns[first].group, Qt.TextElideMode.ElideRight, width - 8))
        for index, column in enumerate(columns):
            x = g.x_of(index)
            if index == highlight:
                p.fillRect(QRectF(x, half, g.col_width, half), QColor("#e3f2fd"))
            p.setPen(_LINE_HOUR)
            p.drawLine(QPointF(x, half), QPointF(x, g.header))
            p.setFont(self.small)
            p.setPen(_TEXT)
            p.drawText(QRectF(x + 2, half, g.col_width - 4, half - 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                       self.fm_small.elidedText(column.title, Qt.TextElideMode.ElideRight, g.col_width - 4))
        self._day_breaks(p, g, columns, 0, g.header)
        p.setPen(_LINE_HOUR)
        p.drawLine(QPointF(g.gutter, half), QPointF(g.content_width, half))
        p.drawLine(QPointF(g.gutter, g.header - 0.5), QPointF(g.content_width, g.header - 0.5))

    def paint_gutter(self, p: QPainter, g: Geometry, top: float, bottom: float, now_minute: int | None) -> None:
        p.fillRect(QRectF(0, top, g.gutter, bottom - top), QColor("#fafafa"))
        p.setPen(_LINE_HOUR)
        p.drawLine(QPointF(g.gutter - 0.5, top), QPointF(g.gutter - 0.5, bottom))
        step = 30 if g.px_per_minute * 30 >= self.fm_small.height() * 1.6 else 60
        minute = (g.first // step) * step
        now_y = g.y_of(now_minute) if now_minute is not None and g.first <= now_minute <= g.last else None
        while minute <= g.last:
            y = g.y_of(minute)
            # A clock label that the "now" label would cover is left out rather than drawn half hidden.
            hidden = now_y is not None and now_y - self.fm_small.height() - 2 < y + self.fm_bold.height() and \
                y < now_y + 2 and minute % 60 != 0
            if top - 20 <= y <= bottom + 20 and not hidden:
                on_hour = minute % 60 == 0
                p.setFont(self.bold if on_hour else self.small)
                p.setPen(_TEXT if on_hour else _MUTED)
                p.drawText(QRectF(2, y - 1, g.gutter - 8, self.fm_bold.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, clock(minute))
            minute += step
        if now_minute is not None and g.first <= now_minute <= g.last:
            y = g.y_of(now_minute)
            p.setPen(QPen(_NOW, 2))
            p.drawLine(QPointF(g.gutter - 10, y), QPointF(g.gutter, y))
            p.setFont(self.small)
            label = QRectF(1, y - self.fm_small.height() - 1, g.gutter - 4, self.fm_small.height())
            p.fillRect(label, QColor("#ffffff"))
            p.setPen(_NOW)
            p.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "now " +
                       short_clock(now_minute))
