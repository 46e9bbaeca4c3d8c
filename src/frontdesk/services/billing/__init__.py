"""Billing: from what was done at a visit to a claim a payer accepts.

Public modules: ``diagnosis_codes`` (ICD-10-CM search and import), ``fee_schedule``, ``payers`` (the
practice's payer list), ``encounters`` (header, diagnoses, service lines), ``claims`` (build, check, list,
correct, void, close), ``claim_submission`` (CMS-1500 print or one 837P file per batch),
``billing_settings`` (the 837P identities), ``billing_types`` (the frozen results), ``synthetic`` (billing
history for the demo practice and the benchmarks, demo practice only). For the other service
areas (payer postings move claims): ``claim_states`` (the claim state machine) and ``claim_rows`` (claim list
rows); their functions are steps inside an operation and take its session.

Private helpers: encounter field validation and rows, claim building, the claim scrubber, fee lookup, and
the synthetic billing steps and types.
"""
