"""Scheduling: everything the Calendar pane does to appointments and the practice's hours.

Public modules: ``appointments`` (book one visit or a weekly series, move, edit), ``appointment_status``
(confirm, check in, room, check out, cancel, no-show), ``schedule_views`` (day and week views, a patient's
visits), ``availability`` (find an opening), ``series_plan`` (which weeks of a series are free),
``waitlist``, ``confirmations`` and ``call_sheet`` (confirmation calls), ``schedule_print`` (day schedule,
appointment card, .ics), ``schedule_catalog`` (rooms, appointment types), ``schedule_setup`` (time zone,
slot size, weekly hours, exceptions, holidays, blockouts), ``appointment_types`` (the appointment as lists show
it, the booking request and its recurrence; the statuses are ``frontdesk.domain.appointment_statuses``),
``synthetic`` (synthetic appointments in bulk for the demo practice and the benchmarks, demo practice only).

Private helpers: booking input checks, the scheduling rules, working hours, the opening search, series
placement, waitlist matching and the calendar's queries. The practice clock (``services/_practice_clock``)
and the patient and provider lookups (``services/_lookups``) sit at the services root, shared by every area.
"""
