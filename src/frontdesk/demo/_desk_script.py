"""What the demo Desk holds: the scripted messages, tasks, directory, referrals and recalls (all fictional).

Phone numbers use the 555-01xx exchange reserved for fiction; every item is made through a public
service operation by the demo user who would have done it, at the moment the script says.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from frontdesk.demo._desk_time import Timeline, business_days_ahead, run_at
from frontdesk.demo._staff import Staff
from frontdesk.domain import schedule_time as st
from frontdesk.services.desk import outside_directory, phone_messages, recalls, referrals, tasks
from frontdesk.services.session import ServiceContext
from frontdesk.demo.data import fake_npi
from frontdesk.demo.desk_cast import DeskPatient
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.services.desk.referral_types import (
    IncomingReferralInput,
    OutsideProviderInput,
    ReferralInput,
)
from frontdesk.services.desk.tasks import TaskInput

# Callers who are not patients: (name, phone).
LAB = ("Capital Region Lab Services", "(518) 555-0167")
CARDIOLOGY_OFFICE = ("Hudson Valley Cardiology (front office)", "(518) 555-0131")
SUPPLIER = ("Northway Medical Supply", "(518) 555-0175")
PHARMACY = ("Maple Pharmacy (pharmacist)", "(518) 555-0142")
PAYER = ("Empire Health Plan, provider services", "(518) 555-0188")

# (days back, clock, taker, caller: patient index or (name, phone), patient index for a caller who is not
#  the patient, reason, urgency, text, call back, to: staff key or "role:<role>", steps)
# Steps: ("read", who, minutes later) / ("status", who, status, minutes) / ("note", who, minutes, text).
MESSAGES = (
    (4, time(15, 0), "reception", 10, None, "Payment plan", "routine", "Asks to pay the balance over three months.",
     True, "biller", (("read", "biller", 60), ("note", "biller", 90, "Set up three monthly payments; patient agreed."),
                      ("status", "biller", "done", 91))),
    (3, time(10, 15), "reception", 9, None, "Referral status", "routine",
     "Has not heard from the orthopedic office about the referral; asks whether it was sent.", True,
     "role:front_desk", (("read", "reception", 60),
                         ("note", "reception", 65, "Re-faxed the referral to Dr. Lee's office and told the patient."),
                         ("status", "reception", "done", 66))),
    (2, time(9, 30), "reception", CARDIOLOGY_OFFICE, None, "New fax number", "routine",
     "Their fax number changes to (518) 555-0139 on the 1st; please update the outside directory.", False,
     "role:admin", (("read", "admin", 40), ("status", "admin", "done", 45))),
    (1, time(11, 0), "biller", PAYER, 7, "Prior authorization", "today",
     "Needs the last office note for the MRI request. Reference #PA-55012.", True, "biller",
     (("read", "biller", 45), ("status", "biller", "in_progress", 50))),
    (1, time(13, 40), "reception", LAB, None, "Courier pickup time", "routine",
     "Courier pickup moves to 3:30 PM starting Monday; please have specimens ready at the front desk.", False,
     "role:front_desk", (("read", "reception", 5), ("status", "reception", "done", 10))),
    (1, time(14, 30), "reception", 8, None, "Medical records request", "routine",
     "Wants her records sent to her new cardiologist; the signed release is at the front desk.", False,
     "role:front_desk", (("status", "reception", "in_progress", 15),)),
    (1, time(16, 10), "reception", 6, None, "Test results question", "urgent",
     "Anxious about chest X-ray results; asks for a call before the end of the day.", True, "role:admin",
     (("read", "admin", 30),)),
    (0, time(8, 52), "reception", 0, None, "Prescription refill", "routine",
     "Needs a refill of lisinopril; has three days left. Uses Maple Pharmacy on Central Ave.", False,
     "role:admin", ()),
    (0, time(9, 20), "reception", PHARMACY, 1, "Drug interaction question", "today",
     "New prescription may interact with warfarin; the pharmacist asks the provider to call before 4 PM.", True,
     "admin", ()),
    (0, time(9, 47), "reception", 2, None, "Billing question", "routine",
     "Got a statement for $85.00 and thinks insurance should have paid. Please review and call back.", True,
     "role:billing", (("read", "biller", 20), ("status", "biller", "in_progress", 25),
                      ("note", "biller", 30, "Claim was denied for a missing referral; Rita, can you get it on file?"),
                      ("note", "reception", 70, "Left a voicemail asking for the referring doctor's name."))),
    (0, time(10, 5), "reception", 3, None, "Fever and cough", "urgent",
     "Temperature 102\u00b0F since last night; asks for a same-day visit.", True, "admin", ()),
    (0, time(10, 40), "reception", 4, None, "Reschedule appointment", "routine",
     "Cannot make Thursday's visit; prefers a morning next week.", True, "role:front_desk",
     (("status", "reception", "in_progress", 5), ("note", "reception", 12, "Moved to next Tuesday 9:15 AM."),
      ("status", "reception", "done", 13))),
    (0, time(11, 15), "admin", 5, None, "Insurance change", "routine",
     "Has new insurance since the 1st; will bring the card to the next visit. Please update before then.", False,
     "reception", (("read", "reception", 30),)),
    (0, time(11, 40), "biller", SUPPLIER, None, "Supply order", "routine",
     "Exam gloves (medium) are back-ordered until next week; they can substitute another brand.", True, "admin", ()),
)

# (days back, clock, creator, title, detail, patient index or None, to, due: business days after today,
#  or None = three business days after it was created (overdue now), steps as for messages)
TASKS = (
    (5, time(13, 15), "admin", "Mail prior-authorization form to the payer",
     "The form is signed; mail it with the last office note.", 5, "biller", None, ()),
    (2, time(10, 30), "biller", "Appeal denied claim (CO-197)",
     "Precertification was on file; attach the approval letter to the appeal.", 2, "biller", 5, ()),
    (2, time(14, 0), "admin", "Review next year's fee schedule", "Compare with the new Medicare rates before January.",
     None, "role:admin", 10, ()),
    (1, time(10, 0), "biller", "Call about a balance over 90 days",
     "Offer a payment plan before the account goes to collections review.", 3, "role:billing", 1, ()),
    (1, time(11, 30), "reception", "Confirm provider hours for the holiday weeks",
     "Who works the week between the holidays? The schedule opens on Monday.", None, "admin", 4, ()),
    (1, time(15, 20), "admin", "Send chart copy to Hudson Valley Cardiology",
     "Last two office notes and the ECG; the release is signed.", 1, "role:front_desk", 2,
     (("status", "reception", "in_progress", 40),)),
    (0, time(8, 45), "admin", "Scan new insurance card", "The patient dropped off the new card at check-in.", 4,
     "role:front_desk", 0, (("status", "reception", "done", 50),)),
    (0, time(9, 5), "admin", "Verify insurance before the new-patient visit",
     "Check eligibility and the copay; the card photo is in the chart.", 0, "reception", 0, ()),
    (0, time(9, 40), "reception", "Order printer toner and check-in clipboards", "", None, "admin", 3, ()),
)

# kind, name, specialty, phone, fax, street, ZIP (all in Albany, NY)
DIRECTORY = (
    ("provider", "Evelyn Carter, MD", "Cardiology", "(518) 555-0131", "(518) 555-0132", "12 Elm Street", "12208"),
    ("provider", "Marcus Lee, DO", "Orthopedic surgery", "(518) 555-0133", "(518) 555-0134", "300 Lark Street",
     "12210"),
    ("facility", "Capital Region Imaging Center", "Radiology", "(518) 555-0135", "(518) 555-0136",
     "75 Washington Avenue", "12203"),
    ("facility", "Northway Sleep Center", "Sleep medicine", "(518) 555-0137", "", "8 Cedar Lane", "12205"),
    ("provider", "Priya Raman, MD", "Dermatology", "(518) 555-0138", "(518) 555-0140", "41 Quail Street", "12206"),
)

# (calendar days back, creator, patient index, directory index, kind, reason, diagnoses, authorization,
#  visits, steps: (days back, status, appointment (days from today, time) or None, note))
REFERRALS = (
    (45, "reception", 0, 2, "diagnostic", "Chest X-ray for shortness of breath.", ("R0602",), "", None,
     ((44, "scheduled", (-40, time(11, 0)), ""), (40, "completed", None, ""),
      (38, "report_received", None, "Report filed in the chart"))),
    (30, "reception", 1, 0, "consultation", "Hypertension not controlled on two medicines.", ("I10",), "AUTH-2207", 3,
     ((28, "scheduled", (-8, time(9, 30)), ""), (12, "confirmed", None, "Patient confirmed by phone"),
      (7, "completed", None, ""))),
    (20, "reception", 2, 1, "consultation", "Right knee pain despite physical therapy; surgical opinion.",
     ("M25561",), "", None, ((19, "authorization_pending", None, "Payer asked for office notes"),)),
    (12, "reception", 3, 4, "consultation", "Changing mole on the back; please evaluate.", ("D229",), "", None,
     ((10, "scheduled", (-2, time(14, 15)), ""), (5, "confirmed", None, "Patient confirmed by phone"))),
    (9, "reception", 4, 1, "consultation", "Second opinion on left knee pain.", ("M25562",), "", None,
     ((7, "cancelled", None, "Patient chose an orthopedist near work"),)),
    (6, "reception", 5, 3, "diagnostic", "Overnight sleep study for loud snoring and daytime sleepiness.",
     ("R0683", "G4730"), "", None, ((4, "scheduled", (7, time(20, 0)), ""),)),
    (3, "reception", 6, 2, "diagnostic", "MRI of the right knee; pain for 8 weeks.", ("M25561",), "", None,
     ((3, "authorization_pending", None, "Authorization request faxed to the payer"),)),
    (0, "admin", 7, 0, "consultation", "Palpitations with exertion; evaluate for arrhythmia.", ("R002", "I4891"), "",
     None, ()),
)

# Incoming: (patient index, directory index, days since it started, days it lasts, reason, visits)
INCOMING = (
    (8, 0, 10, 180, "Hypertension follow-up and medication management", 6),
    (9, 1, 2, 90, "Primary care follow-up after knee surgery", 4),
)

RECALL_REASONS = ("Annual physical", "Diabetes follow-up (A1c)", "Blood pressure check", "Cholesterol recheck",
                  "Flu vaccine", "6-month follow-up")
# Calls already made: recall index -> (outcome, note)
RECALL_CALLS = {0: ("left_message", "Left a voicemail on the cell phone."), 1: ("no_answer", ""),
                2: ("reached", "Will call back after checking her work schedule."), 4: ("left_message", ""),
                6: ("wrong_number", "The number belongs to someone else; ask for a new one at the next contact."),
                10: ("declined", "Moved out of state.")}


def _who(staff: Staff, key: str) -> ServiceContext:
    return {"admin": staff.admin, "reception": staff.reception, "biller": staff.biller}[key]


def _to(staff: Staff, key: str) -> dict[str, object]:
    if key.startswith("role:"):
        return {"to_role": key.split(":", 1)[1]}
    return {"to_user_id": staff.user_id(_who(staff, key))}


def seed_messages(staff: Staff, line: Timeline, people: list[DeskPatient]) -> int:
    """The phone messages of the last few days: read, worked on, answered in a thread, some overdue."""
    made = 0
    for days, clock, taker, caller, about, reason, urgency, text, call_back, to, steps in MESSAGES:
        if isinstance(caller, int):
            person = people[caller]
            name, phone, patient_id = person.name, person.phone, person.id
        else:
            name, phone = caller
            patient_id = people[about].id if about is not None else None
        data = MessageInput(caller_name=name, caller_phone=phone, patient_id=patient_id,
                            not_a_patient=patient_id is None, reason=reason, urgency=urgency, text=text,
                            call_back=call_back, callback_phone=phone if call_back else "", **_to(staff, to))
        taken = line.at(days, clock)
        row = run_at(taken, phone_messages.take_message, _who(staff, taker), data)
        _steps(staff, line, taken, row.id, steps, set_status=phone_messages.set_message_status,
               read=phone_messages.get_message, note=phone_messages.add_message_note)
        made += 1
    return made


def _steps(staff: Staff, line: Timeline, start: datetime, item_id: int, steps: tuple[tuple[Any, ...], ...], *,
           set_status: Callable[..., object], read: Callable[..., object] | None = None,
           note: Callable[..., object] | None = None) -> None:
    """Replay what happened to a message or task after it was made, each step some minutes later."""
    for step in steps:
        kind, who = step[0], _who(staff, step[1])
        if kind == "read" and read is not None:
            run_at(line.later(start, step[2]), read, who, item_id)
        elif kind == "status":
            run_at(line.later(start, step[3]), set_status, who, item_id, step[2])
        elif kind == "note" and note is not None:
            run_at(line.later(start, step[2]), note, who, item_id, step[3])
        else:
            raise ValueError(f"unknown step {kind!r}")


def seed_tasks(staff: Staff, line: Timeline, people: list[DeskPatient]) -> int:
    """Tasks for people and roles, due today and the next days; one done, one in progress, one overdue."""
    made = 0
    for days, clock, creator, title, detail, about, to, due_in, steps in TASKS:
        created = line.at(days, clock)
        created_day = st.local_date(created, line.tz)
        # An overdue task was created earlier in the week with a due date that has passed since.
        due = business_days_ahead(created_day, 3) if due_in is None else business_days_ahead(line.today, due_in)
        data = TaskInput(title=title, due_date=due, detail=detail,
                         patient_id=people[about].id if about is not None else None, **_to(staff, to))
        row = run_at(created, tasks.create_task, _who(staff, creator), data)
        _steps(staff, line, created, row.id, steps, set_status=tasks.set_task_status)
        made += 1
    return made


def seed_directory(staff: Staff, line: Timeline, seed: int) -> list[int]:
    """The outside providers and facilities referrals go to (valid made-up NPIs); returns their ids."""
    rng = random.Random(seed)
    ids = []
    for kind, name, specialty, phone, fax, street, zip_code in DIRECTORY:
        data = OutsideProviderInput(kind=kind, name=name, specialty=specialty, npi=fake_npi(rng), phone=phone,
                                    fax=fax, address1=street, city="Albany", state="NY", zip_code=zip_code)
        entry = run_at(_day_at(line, 60, time(9, 0)), outside_directory.save_outside_provider, staff.admin, None, data)
        ids.append(entry.id)
    return ids


def seed_referrals(staff: Staff, line: Timeline, people: list[DeskPatient], entries: list[int],
                   provider_ids: tuple[int, ...]) -> tuple[int, int]:
    """Outgoing referrals at every step (two needing a follow-up) and two incoming ones; returns the counts."""
    for n, (back, creator, who_idx, dest, kind, reason, dx, auth, visits, steps) in enumerate(REFERRALS):
        data = ReferralInput(patient_id=people[who_idx].id, outside_provider_id=entries[dest], kind=kind, reason=reason,
                             diagnoses=dx, authorization_number=auth, visits_allowed=visits,
                             ordering_provider_id=provider_ids[n % len(provider_ids)] if provider_ids else None)
        made = run_at(_day_at(line, back, time(10, 10)), referrals.create_referral, _who(staff, creator), data)
        for step_back, status, appointment, note in steps:
            when: dict[str, object] = {}
            if appointment is not None:
                when = {"appointment_date": line.weekday_near(appointment[0]),
                        "appointment_time": appointment[1]}
            run_at(_day_at(line, step_back, time(14, 30)), referrals.change_referral_status, staff.reception,
                   made.id, status, note=note, **when)
    for who_idx, dest, started, lasts, reason, visits in INCOMING:
        entry = outside_directory.get_outside_provider(staff.reception, entries[dest])
        first, last = entry.name.split(",")[0].split(" ", 1)
        starts = line.today - timedelta(days=started)
        data = IncomingReferralInput(patient_id=people[who_idx].id, referring_first_name=first,
                                     referring_last_name=last, referring_npi=entry.npi, starts_on=starts,
                                     ends_on=starts + timedelta(days=lasts), reason=reason, visits_allowed=visits,
                                     outside_provider_id=entry.id)
        run_at(_day_at(line, started, time(9, 45)), referrals.add_incoming_referral, staff.reception, data)
    return len(REFERRALS), len(INCOMING)


def _day_at(line: Timeline, calendar_days_back: int, clock: time) -> datetime:
    """``clock`` on the business day about ``calendar_days_back`` days ago, not after now."""
    moment = st.wall_to_utc(line.calendar_days_back(calendar_days_back), clock, line.tz)
    return min(moment, line.now - timedelta(minutes=1))


def seed_recalls(staff: Staff, line: Timeline, people: list[DeskPatient], provider_ids: tuple[int, ...]) -> int:
    """Recalls due from today to the end of next month; a few already called, one declined (closed)."""
    next_month = (line.today.replace(day=28) + timedelta(days=4)).replace(day=1)
    last_day = next_month.replace(day=calendar.monthrange(next_month.year, next_month.month)[1])
    span = (last_day - line.today).days
    made_on = line.at(6, time(9, 0))
    for n, person in enumerate(people):
        due: date = line.today + timedelta(days=span * n // max(1, len(people) - 1))
        provider = provider_ids[n % len(provider_ids)] if provider_ids else None
        row = run_at(made_on, recalls.add_recall, staff.reception, person.id, due,
                     RECALL_REASONS[n % len(RECALL_REASONS)], provider)
        if n in RECALL_CALLS:
            outcome, note = RECALL_CALLS[n]
            if outcome == "left_message" and not row.voicemail_ok:
                outcome, note = "no_answer", ""  # no voicemail allowed: the caller would not have left one
            run_at(line.at(n % 3, time(13, 0) if n % 2 else time(10, 20)), recalls.log_recall_outcome,
                   staff.reception, row.id, outcome, note)
    return len(people)
