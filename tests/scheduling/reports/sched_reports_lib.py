"""The hand-built week the schedule report tests count: Mon 03/04/2030 to Fri 03/08/2030 (Eastern).

Dr A (Alvarez) and Dr B (Okafor) work 9-5 with a 12-1 lunch blockout (calendar_support.build_clinic). Friday is a
holiday; Dr B has a one-off 2-4 PM blockout on Wednesday. So each has 4 x 7 h available, Dr B 2 h less.
Dr A: Mon 10:00 visit Ann kept (checked out); Mon 11:00 physical (60 min) Bob no-show; Tue 10:00 visit Cy cancelled
late (Tue 8:00); Tue 2:00 PM visit Ann cancelled early (Mon 8:00); Wed 10:00 visit Bob kept (arrived).
Dr B: Mon 9:00 visit Cy kept (arrived); Thu 10:00 visit Ann still booked.
Referral sources: Ann "web", Bob "patient", Cy not recorded.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from calendar_support import MONDAY, Clinic, Clock, local, person

from frontdesk.services.patients import patients
from frontdesk.services.scheduling import appointment_status as status
from frontdesk.services.scheduling import schedule_setup
from frontdesk.services.scheduling.appointments import BookingRequest, book_appointment
from frontdesk.services.scheduling.schedule_setup import BlockoutInput

FRIDAY = date(2030, 3, 8)
NAMES = (("Ann", "Able", "(518) 555-0101"), ("Bob", "Baker", "(518) 555-0102"), ("Cy", "Cole", "(518) 555-0103"))


def day(n: int) -> date:
    return date(2030, 3, 4 + n)


def build_week(clinic: Clinic, clock: Clock) -> dict[str, int]:
    """Book and settle the week above; returns the appointment ids by name (a1.. for Dr A, b1.. for Dr B)."""
    ann, bob, cy = clinic.pat
    for pid, source, (first, last, phone) in zip(clinic.pat, ("web", "patient", ""), NAMES, strict=True):
        patients.update_patient(clinic.admin, pid, replace(person(first, last, phone), referral_source=source))

    def book(pid: int, dr: int, kind: int, n: int, hour: int) -> int:
        return book_appointment(clinic.desk, BookingRequest(pid, dr, kind, local(day(n), hour))).id

    ids = {"a1": book(ann, clinic.dr_a, clinic.visit, 0, 10), "a2": book(bob, clinic.dr_a, clinic.physical, 0, 11),
           "a3": book(cy, clinic.dr_a, clinic.visit, 1, 10), "a4": book(ann, clinic.dr_a, clinic.visit, 1, 14),
           "a5": book(bob, clinic.dr_a, clinic.visit, 2, 10), "b1": book(cy, clinic.dr_b, clinic.visit, 0, 9),
           "b2": book(ann, clinic.dr_b, clinic.visit, 3, 10)}
    schedule_setup.add_holiday(clinic.admin, FRIDAY, "Staff day")
    schedule_setup.add_blockout(clinic.admin, BlockoutInput("meeting", time(14), time(16), provider_id=clinic.dr_b,
                                                            on_date=day(2), reason="Meeting"))
    status.cancel_appointment(clinic.desk, ids["a4"], "Patient asked")  # Monday 8 AM: not late
    clock.set_local(MONDAY, time(8, 55))
    status.check_in(clinic.desk, ids["b1"])
    clock.set_local(MONDAY, time(9, 55))
    status.check_in(clinic.desk, ids["a1"])
    status.check_out(clinic.desk, ids["a1"])
    clock.set_local(MONDAY, time(11, 30))
    status.mark_no_show(clinic.desk, ids["a2"])
    clock.set_local(day(1), time(8))
    status.cancel_appointment(clinic.desk, ids["a3"], "Sick")  # 2 hours before: late
    clock.set_local(day(2), time(9, 50))
    status.check_in(clinic.desk, ids["a5"])
    return ids
