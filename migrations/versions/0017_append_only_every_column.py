"""Append-only triggers cover every column of posted money: a payment moves to another patient only by a merge

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

0008 refused updates of a payment through a column list that left out ``patient_id`` (so merging patients
could move payments), which let anyone with the key move a posted payment to another patient, and neither
list named ``id``. Now any UPDATE of a payment is refused unless it is exactly a merge move: from a patient
marked merged into the new one, with no other column in the statement. The payer check's fixed columns gain
``id``. Which columns may change, and why, is written once in frontdesk/models/append_only.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"
_PAYMENT_OTHERS = ("id, kind, method, amount_cents, received_on, check_number, card_last4, card_auth_code, "
                   "appointment_id, note, reverses_id, reason, created_at, created_by")
NEW_TRIGGERS = {
    # Any update at all, unless it moves the payment from a merged patient to the one it was merged into.
    "payment_no_update": (
        "BEFORE UPDATE ON payment WHEN NEW.patient_id IS OLD.patient_id OR NOT EXISTS ("
        "SELECT 1 FROM patient WHERE id = OLD.patient_id AND status = 'merged' AND merged_into_id = NEW.patient_id) "
        + _REFUSE),
    # ... and that move sets nothing else.
    "payment_merge_moves_only_the_patient": f"BEFORE UPDATE OF {_PAYMENT_OTHERS} ON payment {_REFUSE}",
    "insurance_payment_fixed": ("BEFORE UPDATE OF id, payer_id, kind, number, paid_on, total_cents, created_at, "
                                f"created_by ON insurance_payment {_REFUSE}"),
}
_OLD_TRIGGERS = {
    "payment_no_update": ("BEFORE UPDATE OF kind, method, amount_cents, received_on, check_number, card_last4, "
                          "card_auth_code, appointment_id, note, reverses_id, reason, created_at, created_by "
                          f"ON payment {_REFUSE}"),
    "insurance_payment_fixed": ("BEFORE UPDATE OF payer_id, kind, number, paid_on, total_cents, created_at, "
                                f"created_by ON insurance_payment {_REFUSE}"),
}


def upgrade() -> None:
    for name in _OLD_TRIGGERS:
        drop_trigger(name)
    for name, body in NEW_TRIGGERS.items():
        create_trigger(name, body)


def downgrade() -> None:
    for name in NEW_TRIGGERS:
        drop_trigger(name)
    for name, body in _OLD_TRIGGERS.items():
        create_trigger(name, body)
