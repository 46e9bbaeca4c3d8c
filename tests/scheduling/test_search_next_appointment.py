"""Patient search results carry each patient's next open appointment from the calendar."""

from __future__ import annotations

from datetime import date

from calendar_testlib import Clinic, local

from frontdesk.domain import schedule_time as st
from frontdesk.services.scheduling import appointment_status, appointments
from frontdesk.services.patients import patients
from frontdesk.services.scheduling.appointments import BookingRequest

TUESDAY = date(2030, 3, 5)
THURSDAY = date(2030, 3, 7)


def test_search_shows_the_next_open_appointment_only(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    later = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                      local(THURSDAY, 10)))
    sooner = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                       local(TUESDAY, 9)))
    by_name = {r.last_name: r for r in patients.search_patients(clinic.desk, "able")}
    assert by_name["Able"].next_appointment == sooner.start_utc
    assert st.utc_now() < sooner.start_utc
    appointment_status.cancel_appointment(clinic.desk, sooner.id, "Patient asked to move it")
    again = patients.search_patients(clinic.desk, "able")[0]
    assert again.next_appointment == later.start_utc  # a cancelled visit is not "next"
    nobody = patients.search_patients(clinic.desk, "baker")[0]
    assert nobody.next_appointment is None
