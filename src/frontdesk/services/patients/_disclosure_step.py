"""A copy of a patient's records that leaves as a disclosure: the log entry, inside the print or save's own
transaction (patient_print.patient_sheet, documents.record_document_use).

Those operations need only VIEW_PATIENTS; recording a disclosure needs EDIT_PATIENTS, checked here on the
actor the operation already loaded (a Clinical user prints for treatment, never discloses).
"""

from __future__ import annotations

from frontdesk.domain.disclosure_records import DisclosureEntry, DisclosureInput
from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.errors import PermissionDenied
from frontdesk.services._base import Tx
from frontdesk.services.patients.disclosures import record_disclosure


def log_disclosure(tx: Tx, patient_id: int, entry: DisclosureInput) -> DisclosureEntry:
    """Record ``entry`` for ``patient_id`` in this transaction (every wrong field at once, as record_disclosure)."""
    if tx.actor is None or not role_allows(tx.actor.role, Permission.EDIT_PATIENTS):
        raise PermissionDenied("Your role does not allow recording a disclosure; ask the front desk.")
    return record_disclosure.__wrapped__(tx, patient_id, entry)  # type: ignore[attr-defined, no-any-return]
