"""An X12 835 (005010X221A1) electronic remittance read into plain records: ``records`` (what a payer sent,
in integer cents) and ``reader`` (validation with pyx12, then the segments walked into those records).

No database and no Qt: the payment services match and post these records (services/payments/era_import.py),
and the benchmark times the reading alone as its baseline.
"""
