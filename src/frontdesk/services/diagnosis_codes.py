"""Diagnosis code search for the billing screens: a permission-checked wrapper of the bundled ICD-10-CM set."""

from __future__ import annotations

from frontdesk.codes import icd10cm
from frontdesk.domain.permissions import Permission
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing_types import DiagnosisCode


@operation(Permission.VIEW_BILLING, write=False)
def search_diagnoses(tx: Tx, text: str, limit: int = 50) -> list[DiagnosisCode]:
    """ICD-10-CM codes by code prefix or by words (see frontdesk.codes.icd10cm.search)."""
    return icd10cm.search(text, limit)


@operation(Permission.VIEW_BILLING, write=False)
def diagnosis_code_set(tx: Tx) -> str:
    """The bundled code set's version label, e.g. "ICD-10-CM FY2026 (April 1, 2026 update)"."""
    return icd10cm.code_set_version()
