"""Billing: from what was done at a visit to a claim a payer accepts.

Public modules: ``diagnosis_codes`` (ICD-10-CM search and import), ``fee_schedule``, ``payers`` (the
practice's payer list), ``encounters`` (header, diagnoses, service lines), ``claims`` (build, check, list,
correct, void, close), ``claim_submission`` (CMS-1500 print or one 837P file per batch),
``billing_settings`` (the 837P identities), ``billing_types`` (the frozen results).

Private helpers: encounter field validation and rows, claim building, the claim scrubber, the claim state
machine and fee lookup.
"""
