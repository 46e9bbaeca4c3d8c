"""A booking with several wrong fields hears of all of them at once, each naming its field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import ValidationErrors
from frontdesk.services.scheduling import appointments, schedule_views
from frontdesk.services.scheduling.appointments import BookingRequest

TUESDAY = date(2030, 3, 5)


def test_three_wrong_booking_fields_are_three_named_errors(clinic: Clinic) -> None:
    request = BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit, local(TUESDAY, 10), room_id=clinic.room_1)
    bad = replace(request, patient_id="1", length_minutes=0, reason="x" * 201)
    with pytest.raises(ValidationErrors) as caught:
        appointments.book_appointment(clinic.admin, bad, "admin override")
    assert [e.field for e in caught.value.errors] == ["patient_id", "length_minutes", "reason"]
    assert schedule_views.patient_appointments(clinic.admin, clinic.pat[0], upcoming_only=False) == []
