"""The schedule grid widget: time rows x columns, painted in one pass; mouse drags and a keyboard slot cursor.

It knows nothing about services: it shows Columns and Placed appointments and emits what the user asked
for (book a slot, open, move or resize an appointment); the pane turns that into service calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from frontdesk.services.scheduling.appointment_status import AppointmentInfo
from frontdesk.ui.calendar.grid_layout import (
    Column,
    Drag,
    Geometry,
    Placed,
    assign_lanes,
    hit,
    visible_range,
)
from frontdesk.ui.calendar.grid_paint import GridPainter, Overlay, clock

DRAG_THRESHOLD = 5  # pixels before a press becomes a drag, so a click never moves anything


class ScheduleGrid(QAbstractScrollArea):
    """Columns of one or more days; appointments, shades, the current-time line and a slot cursor."""

    MIN_COLUMN = 110.0  # the default narrowest column (a day view's provider, one provider's day of the week)

    slot_activated = Signal(int, int, int)  # column, start minute, length (0 = the type's default)
    appointment_activated = Signal(int)
    move_requested = Signal(int, int, int, int)  # appointment id, column, start minute, length
    selection_changed = Signal(object)  # appointment id or None
    context_requested = Signal(object, QPoint)  # appointment id or None, global position
    delete_requested = Signal(int)
    cursor_moved = Signal(int, int)  # column, minute

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_grid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Schedule grid")
        self.viewport().setMouseTracking(True)
        self.columns: list[Column] = []
        self.placed: list[Placed] = []
        self._by_id: dict[int, Placed] = {}
        self.slot = 15
        self.overlay = Overlay()
        self.painter = GridPainter(self.font())
        self.min_column = self.MIN_COLUMN  # narrowest column before a horizontal scroll bar appears
        self.geometry_ = self._geometry(0, 8 * 60, 17 * 60, 15)
        self.tooltip_provider: Callable[[AppointmentInfo], str | None] | None = None
        self.paint_count = 0  # for the benchmark: "painted" means a paintEvent ran after the data arrived
        self._drag: Drag | None = None
        self._click_booked: tuple[int, int] | None = None  # the empty slot a plain click just offered to book
        self.editable = True  # False for a role that may not book: no drag, resize or drag-to-book starts

    # -- data ---------------------------------------------------------------------------------------
    def set_schedule(self, columns: Sequence[Column], placed: list[Placed], slot: int) -> None:
        """Show new columns and appointments (each Placed names its column index)."""
        self.columns = list(columns)
        by_column: dict[int, list[Placed]] = {}
        for item in placed:
            by_column.setdefault(item.column, []).append(item)
        for items in by_column.values():
            assign_lanes(items)
        self.placed = [p for col in sorted(by_column) for p in by_column[col]]
        self._by_id = {p.info.id: p for p in self.placed}
        self.slot = slot
        first, last = visible_range(self.columns, self.placed)
        self.geometry_ = self._geometry(len(self.columns), first, last, slot)
        if self.overlay.selected_id not in self._by_id:
            self.overlay.selected_id = None
        cursor = self.overlay.cursor
        if cursor is None or cursor[0] >= len(self.columns) or not first <= cursor[1] < last:
            self.overlay.cursor = (0, first) if self.columns else None
        self._drag = None
        self.overlay.ghost = None
        self.overlay.selecting = None
        self._update_scrollbars()
        self.viewport().update()

    def appointment(self, appointment_id: int) -> AppointmentInfo | None:
        item = self._by_id.get(appointment_id)
        return None if item is None else item.info

    def placed_item(self, appointment_id: int) -> Placed | None:
        return self._by_id.get(appointment_id)

    def selected_id(self) -> int | None:
        return self.overlay.selected_id

    def select(self, appointment_id: int | None) -> None:
        if appointment_id is not None and appointment_id not in self._by_id:
            appointment_id = None
        if appointment_id != self.overlay.selected_id:
            self.overlay.selected_id = appointment_id
            self.viewport().update()
            self.selection_changed.emit(appointment_id)

    def cursor(self) -> tuple[int, int] | None:
        return self.overlay.cursor

    def set_cursor(self, column: int, minute: int, *, follow: bool = True) -> None:
        """Put the keyboard slot cursor on a slot; the appointment covering it becomes the selection."""
        if not self.columns:
            return
        g = self.geometry_
        column = max(0, min(column, len(self.columns) - 1))
        minute = max(g.first, min((minute // self.slot) * self.slot, g.last - self.slot))
        self.overlay.cursor = (column, minute)
        covering = [p for p in self.placed if p.column == column and p.start <= minute < max(p.end, p.start + 1)]
        if follow:
            self.select(covering[0].info.id if covering else None)
        self._ensure_visible(column, minute)
        self.viewport().update()
        title = self.columns[column].label
        self.setAccessibleDescription(f"{title}, {clock(minute)}"
                                      + (f": {covering[0].info.patient_name}" if covering else ": free"))
        self.cursor_moved.emit(column, minute)

    def set_cut(self, appointment_id: int | None) -> None:
        self.overlay.cut_id = appointment_id
        self.viewport().update()

    def set_now(self, minute: int | None, columns: tuple[int, ...]) -> None:
        self.overlay.now_minute, self.overlay.now_columns = minute, columns
        self.viewport().update()

    def set_pending(self, info: AppointmentInfo, column: int, start: int, length: int) -> None:
        """Keep a ghost where a moved block goes until the service answers (cut and paste uses it too)."""
        self.overlay.ghost = Placed(info, column, start, start + length)
        self.overlay.ghost_ok = True
        self.viewport().update()

    def clear_pending(self) -> None:
        """Snap back: forget the ghost (the block is still drawn where the data says it is)."""
        self.overlay.ghost = None
        self.viewport().update()

    def cancel_drag(self) -> bool:
        """Escape during a drag: drop nothing, draw the block where it was. True when a drag was cancelled."""
        busy = self._drag is not None or self.overlay.ghost is not None or self.overlay.selecting is not None
        self._drag = None
        self.overlay.selecting = None
        self.clear_pending()
        return busy

    def scroll_to_minute(self, minute: int) -> None:
        y = self.geometry_.y_of(minute) - self.geometry_.header
        self.verticalScrollBar().setValue(int(max(0.0, y - 20)))

    def block_center(self, appointment_id: int) -> QPoint:
        """Viewport position of the middle of a block (tests drive the mouse with it)."""
        x, y, w, h = self.geometry_.block_rect(self._by_id[appointment_id])
        return self._to_viewport(x + w / 2, y + min(h / 2, 8))

    def block_bottom(self, appointment_id: int) -> QPoint:
        x, y, w, h = self.geometry_.block_rect(self._by_id[appointment_id])
        return self._to_viewport(x + w / 2, y + h - 2)

    def slot_point(self, column: int, minute: int) -> QPoint:
        g = self.geometry_
        return self._to_viewport(g.x_of(column) + g.col_width / 2, g.y_of(minute) + 2)

    # -- geometry -----------------------------------------------------------------------------------
    def _geometry(self, columns: int, first: int, last: int, slot: int) -> Geometry:
        return Geometry(columns, first, last, slot, self.viewport().width(), header=self.painter.header_height,
                        gutter=self.painter.gutter_width, min_column=self.min_column)

    def _offset(self) -> tuple[int, int]:
        return self.horizontalScrollBar().value(), self.verticalScrollBar().value()

    def _to_content(self, pos: QPointF | QPoint) -> tuple[float, float]:
        hx, vy = self._offset()
        return pos.x() + hx, pos.y() + vy

    def _to_viewport(self, x: float, y: float) -> QPoint:
        hx, vy = self._offset()
        return QPoint(round(x - hx), round(y - vy))

    def _update_scrollbars(self) -> None:
        g = self.geometry_
        vw, vh = self.viewport().width(), self.viewport().height()
        # Columns shrink to fit down to a minimum width; only then is a horizontal bar needed.
        fits = g.columns * g.min_column + g.gutter <= vw + 0.5
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if self.horizontalScrollBarPolicy() != policy:
            self.setHorizontalScrollBarPolicy(policy)
        self.horizontalScrollBar().setRange(0, max(0, int(g.content_width - vw)))
        self.horizontalScrollBar().setPageStep(vw)
        self.verticalScrollBar().setRange(0, max(0, int(g.content_height - vh)))
        self.verticalScrollBar().setPageStep(vh)
        self.verticalScrollBar().setSingleStep(int(self.slot * g.px_per_minute))

    def _ensure_visible(self, column: int, minute: int) -> None:
        g = self.geometry_
        hx, vy = self._offset()
        vw, vh = self.viewport().width(), self.viewport().height()
        top, bottom = g.y_of(minute), g.y_of(minute + self.slot)
        if top - vy < g.header:
            self.verticalScrollBar().setValue(int(top - g.header))
        elif bottom - vy > vh:
            self.verticalScrollBar().setValue(int(bottom - vh))
        left, right = g.x_of(column), g.x_of(column + 1)
        if left - hx < g.gutter:
            self.horizontalScrollBar().setValue(int(left - g.gutter))
        elif right - hx > vw:
            self.horizontalScrollBar().setValue(int(right - vw))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        g = self.geometry_
        self.geometry_ = self._geometry(g.columns, g.first, g.last, g.slot)
        self._update_scrollbars()

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        g = self.geometry_
        vw, vh = self.viewport().width(), self.viewport().height()
        hx, vy = self._offset()
        p = QPainter(self.viewport())
        p.fillRect(0, 0, vw, vh, Qt.GlobalColor.white)
        if self.columns:
            p.save()
            p.setClipRect(QRectF(g.gutter, g.header, vw - g.gutter, vh - g.header))
            p.translate(-hx, -vy)
            visible = QRectF(g.gutter + hx, g.header + vy, vw - g.gutter, vh - g.header)
            self.overlay.show_cursor = self.hasFocus()
            self.painter.paint_body(p, g, self.columns, self.placed, self.overlay, visible)
            p.restore()
            p.save()
            p.setClipRect(QRectF(g.gutter, 0, vw - g.gutter, g.header))
            p.translate(-hx, 0)
            cursor = self.overlay.cursor
            self.painter.paint_header(p, g, self.columns, cursor[0] if cursor else None)
            p.restore()
            p.save()
            p.setClipRect(QRectF(0, g.header, g.gutter, vh - g.header))
            p.translate(0, -vy)
            self.painter.paint_gutter(p, g, g.header + vy, vh + vy, self.overlay.now_minute
                                      if self.overlay.now_columns else None)
            p.restore()
        p.fillRect(QRectF(0, 0, g.gutter, g.header), Qt.GlobalColor.white)
        p.end()

    # -- mouse --------------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            x, y = self._to_content(event.pos())  # type: ignore[attr-defined]
            item, _edge = hit(self.geometry_, self.placed, x, y)
            text = self.tooltip_provider(item.info) if item is not None and self.tooltip_provider else None
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _body_point(self, pos: QPointF) -> tuple[int, float, float] | None:
        g = self.geometry_
        if pos.x() < g.gutter or pos.y() < g.header:
            return None
        x, y = self._to_content(pos)
        column = g.column_at(x)
        return None if column is None else (column, x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._click_booked = None
        where = self._body_point(event.position())
        if where is None:
            return
        column, x, y = where
        item, edge = hit(self.geometry_, self.placed, x, y)
        if event.button() == Qt.MouseButton.RightButton:
            if item is not None:
                self.select(item.info.id)
            else:
                self.set_cursor(column, self.geometry_.slot_at(y))
            self.context_requested.emit(item.info.id if item else None, event.globalPosition().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if item is not None:
            self.overlay.cursor = (item.column, (item.start // self.slot) * self.slot)
            self.select(item.info.id)
            grab = self.geometry_.minute_at(y) - item.start
            self._drag = Drag("resize" if edge else "move", (x, y), item=item, grab=grab) if self.editable else None
        else:
            minute = self.geometry_.slot_at(y)
            self.set_cursor(column, minute)
            self._drag = Drag("select", (x, y), column=column, anchor=minute) if self.editable else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        x, y = self._to_content(pos)
        g = self.geometry_
        if self._drag is None:
            item, edge = hit(g, self.placed, x, y) if pos.x() >= g.gutter and pos.y() >= g.header else (None, False)
            shape = (Qt.CursorShape.ArrowCursor if not self.editable or not item else Qt.CursorShape.SizeVerCursor
                     if edge else Qt.CursorShape.OpenHandCursor)
            self.viewport().setCursor(shape)
            return
        drag = self._drag
        px, py = drag.press
        if not drag.active and abs(x - px) + abs(y - py) < DRAG_THRESHOLD:
            return
        drag.active = True
        if drag.mode == "select":
            minute = g.slot_at(y)
            self.overlay.selecting = (drag.column, min(drag.anchor, minute), max(drag.anchor, minute) + self.slot)
        else:
            self.overlay.ghost = drag.target(g, x, y)
            self.overlay.ghost_ok = True
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.mode == "select":
            selecting, self.overlay.selecting = self.overlay.selecting, None
            self.viewport().update()
            if drag.active and selecting is not None and selecting[2] - selecting[1] > self.slot:
                self.slot_activated.emit(selecting[0], selecting[1], selecting[2] - selecting[1])
            elif not drag.active and self.overlay.cut_id is None:
                # A plain click on an empty slot books it; while an appointment is cut, the click only picks
                # where Ctrl+V will paste it.
                self._click_booked = (drag.column, drag.anchor)
                self.slot_activated.emit(drag.column, drag.anchor, 0)
            return
        if not drag.active or drag.item is None:
            return
        x, y = self._to_content(event.position())
        target = drag.target(self.geometry_, x, y)
        item = drag.item
        if (target.column, target.start, target.end) == (item.column, item.start, item.end):
            self.clear_pending()
            return
        self.overlay.ghost = target
        self.viewport().update()
        self.move_requested.emit(item.info.id, target.column, target.start, target.end - target.start)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        where = self._body_point(event.position())
        if where is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._drag = None
        column, x, y = where
        item, _edge = hit(self.geometry_, self.placed, x, y)
        minute = self.geometry_.slot_at(y)
        booked, self._click_booked = self._click_booked, None
        if item is not None:
            self.appointment_activated.emit(item.info.id)
        elif self.editable and booked != (column, minute):  # its first click already opened the booking
            self.slot_activated.emit(column, minute, 0)

    # -- keyboard -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        cursor = self.overlay.cursor
        if cursor is None or mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
            super().keyPressEvent(event)
            return
        column, minute = cursor
        steps = {Qt.Key.Key_Up: (0, -self.slot), Qt.Key.Key_Down: (0, self.slot), Qt.Key.Key_Left: (-1, 0),
                 Qt.Key.Key_Right: (1, 0), Qt.Key.Key_PageUp: (0, -60), Qt.Key.Key_PageDown: (0, 60)}
        if key in steps:
            dc, dm = steps[key]
            self.set_cursor(column + dc, minute + dm)
        elif key == Qt.Key.Key_Home:
            self.set_cursor(column, self.geometry_.first)
        elif key == Qt.Key.Key_End:
            self.set_cursor(column, self.geometry_.last - self.slot)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            selected = self.overlay.selected_id
            if selected is not None:
                self.appointment_activated.emit(selected)
            else:
                self.slot_activated.emit(column, minute, 0)
        elif key == Qt.Key.Key_Delete and self.overlay.selected_id is not None:
            self.delete_requested.emit(self.overlay.selected_id)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier):
            point = self.slot_point(column, minute)
            self.context_requested.emit(self.overlay.selected_id, self.viewport().mapToGlobal(point))
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self.viewport().update()
