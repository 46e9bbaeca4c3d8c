"""The printed confirmation call sheet: the same appointments as the call list, and an audit row per print."""

from __future__ import annotations

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import NotFoundError
from frontdesk.models import Practice
from frontdesk.reports.call_sheet import (
    CallSheet,
    CallSheetRow,
    contact_note,
    last_call_text,
)
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling.confirmations import ConfirmationItem, confirmation_list

# The list's own body, run inside this transaction (an operation must not open a second one).
_confirmation_items = confirmation_list.__wrapped__  # type: ignore[attr-defined]


def _row(item: ConfirmationItem) -> CallSheetRow:
    appt = item.appointment
    return CallSheetRow(appt.start, appt.patient_name, item.phone,
                        contact_note(item.preferred_contact, item.voicemail_ok, item.text_ok),
                        appt.provider_name, appt.type_name, appt.status_label,
                        last_call_text(item.last_outcome, item.attempts))


@operation(Permission.BOOK_APPOINTMENTS)
def call_sheet(tx: Tx, business_days: int = 2, *, include_confirmed: bool = False) -> CallSheet:
    """The data of a printed call sheet for the next ``business_days`` business days.

    Same rules and permission as the on-screen call list (it lists patients' phones); the print is
    audited with counts only, never a name or number.
    """
    items: list[ConfirmationItem] = _confirmation_items(tx, business_days, include_confirmed=include_confirmed)
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None:
        raise NotFoundError("The practice has not been set up yet.")
    tz = schedule_settings(tx.session).tz
    tx.audit("schedule.call_sheet_print", entity_type="schedule", entity_id="call_sheet",
             detail=f"{len(items)} appointments, {business_days} business days")
    return CallSheet(practice.legal_name, business_days, st.utc_now().astimezone(tz),
                     tuple(_row(item) for item in items))
