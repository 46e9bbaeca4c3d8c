"""Patients: the people the practice serves and what the front desk records about them.

Public modules: ``patients`` (register, open, update, search), ``duplicates`` and ``merge``, ``family``
(guarantor and household), ``insurance`` (policies), ``insurance_cards`` (card images), ``eligibility``
(manual checks), ``eligibility_files`` (270 export, 271 import, unmatched answers), ``consents``, ``intake``
(the check-in checklist), ``contact_history``, ``patient_print`` (face sheet and intake form data), ``synthetic``
(synthetic records for the demo practice and the benchmarks: households of patients, policies, eligibility
checks and consents in bulk).

Private helpers: patient field validation, patient rows and search, insurance records and queries,
duplicate matching, consent rules, the intake summary, and the synthetic records' rows and checks. The insurance field rules are pure
(``frontdesk.domain.insurance_fields``); loading a patient for a change, the policy in effect and the
contact log writer are shared by every area (``services/_lookups``, ``services/_contact_log``).
"""
