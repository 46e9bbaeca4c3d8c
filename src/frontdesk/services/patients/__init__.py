"""Patients: the people the practice serves and what the front desk records about them.

Public modules: ``patients`` (register, open, update, search), ``duplicates`` and ``merge``, ``family``
(guarantor and household), ``insurance`` (policies), ``insurance_cards`` (card images), ``eligibility``
(manual checks), ``consents``, ``intake`` (the check-in checklist), ``contact_history``,
``patient_print`` (face sheet and intake form data).

Private helpers: patient and insurance field validation, patient rows and search, duplicate matching,
consent rules, the intake summary and the contact log writer.
"""
