"""The accounts-receivable aging report as plain values: services/payments/aging.py builds it, the CSV and
PDF writers (reports/aging.py) only read it (frozen; money as Decimal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Buckets = tuple[Decimal, Decimal, Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class AgingRow:
    """One payer or one account: insurance and patient portions per bucket, credit, and the total owed."""

    key: str  # "payer:12", "patients", "G34" (guarantor row) or "P56" (a patient answering for themself)
    label: str
    account_number: str
    insurance: Buckets
    patient: Buckets
    credit: Decimal  # unapplied patient money (a positive number is subtracted from the total)

    @property
    def insurance_total(self) -> Decimal:
        return sum(self.insurance, Decimal("0.00"))

    @property
    def patient_total(self) -> Decimal:
        """The patient portion net of credit (what the patients owe)."""
        return sum(self.patient, Decimal("0.00")) - self.credit

    @property
    def total(self) -> Decimal:
        return self.insurance_total + self.patient_total

    @property
    def combined(self) -> Buckets:
        return tuple(i + p for i, p in zip(self.insurance, self.patient, strict=True))  # type: ignore[return-value]


@dataclass(frozen=True)
class AgingReport:
    as_of: date
    practice_name: str
    by_payer: tuple[AgingRow, ...]  # one row per payer awaited, then one "Patients" row
    by_account: tuple[AgingRow, ...]  # guarantor accounts, by name
    totals: AgingRow
