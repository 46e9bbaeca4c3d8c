"""Services: each public function is one user action, one transaction, permission-checked and audited.

The packages follow the desk's areas, the same way ``frontdesk.ui`` is split by pane:

- ``scheduling``  the calendar: booking, status steps, openings, waitlist, confirmation calls, setup.
- ``patients``    registration, search, family, duplicates and merge, insurance policies and cards,
                  eligibility (manual checks, 270/271 files), consents, check-in intake, contact history.
- ``billing``     codes (diagnoses, fee schedule, payers), encounters, claims and their submission.
- ``payments``    patient payments, payer postings (EOB), corrections, the ledger, statements, A/R aging.
- ``desk``        phone messages, tasks, referrals and the outside directory, letters, recalls.
- ``day_close``   the day sheet, cash drawer, deposits, the closing checklist and locked days.
- ``admin``       users, sign-in, the practice, providers, the audit trail, backups, key-handling records.

The public ``session`` module holds ``Actor`` and ``ServiceContext``, the handle every service call takes.
The shared machinery stays here: ``_base`` (one transaction per action, permission, audit,
changed topics), ``_query`` (portable query helpers) and ``_audit_chain`` (the HMAC-chained audit trail),
with what several areas share: ``_practice_clock`` (the practice's today and now), ``_lookups`` (a patient,
an active provider, the policy and referral in effect), ``_contact_log``, ``_day_locks`` (closed days),
``_ledger_queries`` (the balance model), ``_payment_records`` and ``_x12_files`` (the output path and the
interchange control numbers every X12 file shares). Any service module may use these.
A module whose name starts with ``_`` is private to its package: other packages and the UI use the public
modules only, and the areas import each other without cycles (``tests/core/test_service_seams.py``).
"""
