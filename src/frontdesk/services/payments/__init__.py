"""Payments: money in and out, and what every account owes.

Public modules: ``payments`` (patient payments, credit, reversals, refunds, receipts),
``insurance_payments`` (payer checks and EFTs posted line by line from the EOB), ``insurance_corrections``
(reverse a posting, void a mistyped check), ``ledger`` (patient and family ledgers with running balance),
``statements`` (batches, PDF, reprint, holds), ``aging`` (A/R aging by bucket, payer and account),
``payment_types`` (the frozen inputs and results).

Private helpers: ledger rows, payment rules, EOB posting rules and bulk posting, posting reversal, payer
check loading, statement selection and building, aging data. The balance model in SQL
(``services/_ledger_queries``) and the payment records (``services/_payment_records``, also settling
check-in copays when billing charges the visit) are shared at the services root; the records the receipt,
ledger and aging writers read are in ``frontdesk.domain`` (``payment_records``, ``aging_report``).
"""
