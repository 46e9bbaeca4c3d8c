"""The appointment status lifecycle: the values stored in ``appointment.status`` and the words shown for them.

Booked -> confirmed -> arrived -> in room -> checked out, or cancelled / no-show. Every area that reads the
calendar (billing at check-out, the day close, letters, recalls, the patient list) uses these names
instead of the stored strings.
"""

from __future__ import annotations

# Status lifecycle (values stored in appointment.status) with the words shown for them.
SCHEDULED, CONFIRMED, ARRIVED, IN_ROOM, CHECKED_OUT = "scheduled", "confirmed", "arrived", "in_room", "checked_out"
CANCELLED, NO_SHOW = "cancelled", "no_show"
STATUS_LABELS = {
    SCHEDULED: "Booked", CONFIRMED: "Confirmed", ARRIVED: "Arrived", IN_ROOM: "In room",
    CHECKED_OUT: "Checked out", CANCELLED: "Cancelled", NO_SHOW: "No-show",
}
# Cancelled and no-show visits free their time: they never block a slot and may be hidden from the grid.
INACTIVE_STATUSES = (CANCELLED, NO_SHOW)
OPEN_STATUSES = (SCHEDULED, CONFIRMED)  # not yet happened: may still be moved, edited or cancelled
