"""Payments: money in and out, and what every account owes.

Public modules: ``payments`` (patient payments, credit, reversals, refunds, receipts),
``insurance_payments`` (payer checks and EFTs posted line by line from the EOB), ``insurance_corrections``
(reverse a posting, void a mistyped check), ``ledger`` (patient and family ledgers with running balance),
``statements`` (batches, PDF, reprint, holds), ``aging`` (A/R aging by bucket, payer and account),
``payment_types`` (the frozen inputs and results).

Private helpers: the balance model in SQL, ledger rows, payment rules and records, EOB posting rules and
bulk posting, posting reversal, payer check loading, statement selection and building, aging data.
"""
