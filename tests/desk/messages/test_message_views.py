"""Opening a message is the audited view (and marks it read); re-reading the one on screen is neither (issue 21)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from msg_lib import Desk

from frontdesk.errors import NotFoundError
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageInput


@pytest.mark.both_engines
def test_message_detail_is_the_quiet_refresh_of_an_opened_message(desk: Desk, admin_ctx: ServiceContext) -> None:
    row = phone_messages.take_message(desk.desk, replace(
        MessageInput(caller_name="Ann Able", caller_phone="(518) 555-0142", reason="Refill", text="Refill please"),
        patient_id=desk.patient_id, to_user_id=desk.doctor_id))
    refreshed = phone_messages.message_detail(desk.doctor, row.id)
    assert refreshed.message.unread  # a refresh is not the doctor reading it
    opened = phone_messages.get_message(desk.doctor, row.id)
    assert not opened.message.unread
    assert phone_messages.message_detail(desk.doctor, row.id) == opened
    views = audit.list_events(admin_ctx, audit.AuditFilter(action="message.view"))
    assert [(v.entity_id, v.patient_id) for v in views] == [(str(row.id), desk.patient_id)]
    with pytest.raises(NotFoundError):
        phone_messages.message_detail(desk.doctor, row.id + 99)
