"""Posted money is sealed into the audit chain; payments remember the patient they were posted to

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Every audit event now also seals the money rows written since the one before (``audit_event.money``,
inside the HMAC: see services/_money_seal.py), so `frontdesk check` detects a changed amount or a moved
payment. ``payment.posted_patient_id`` keeps the patient a payment was posted to (a merge moves
``patient_id`` only). The money posted before this upgrade is sealed here by one "money.baseline" event
per money table: it is covered from the upgrade on (what was changed before it cannot be seen).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger
from sqlalchemy.orm import Session

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"
_PAYMENT_NO_UPDATE = (
    "BEFORE UPDATE ON payment WHEN NEW.patient_id IS OLD.patient_id OR NOT EXISTS ("
    "SELECT 1 FROM patient WHERE id = OLD.patient_id AND status = 'merged' AND merged_into_id = NEW.patient_id) "
    + _REFUSE)
_OTHERS = ("id, kind, method, amount_cents, received_on, check_number, card_last4, card_auth_code, "
           "appointment_id, note, reverses_id, reason, created_at, created_by")
_MONEY_TABLES = ("payment", "payment_application", "insurance_payment", "insurance_line_posting",
                 "posting_adjustment", "deposit", "deposit_item", "day_close")


def upgrade() -> None:
    op.execute("ALTER TABLE audit_event ADD COLUMN money VARCHAR(600) NOT NULL DEFAULT ''")
    op.create_index('ix_audit_event_money', 'audit_event', ['seq'], unique=False,
                    sqlite_where=sa.text("money != ''"), postgresql_where=sa.text("money != ''"))
    op.execute("ALTER TABLE payment ADD COLUMN posted_patient_id INTEGER")
    drop_trigger("payment_no_update")  # back below, once the new column is filled in
    drop_trigger("payment_merge_moves_only_the_patient")
    op.execute("UPDATE payment SET posted_patient_id = patient_id")
    create_trigger("payment_no_update", _PAYMENT_NO_UPDATE)
    create_trigger("payment_merge_moves_only_the_patient",
                   f"BEFORE UPDATE OF {_OTHERS}, posted_patient_id ON payment {_REFUSE}")
    key = op.get_context().config.attributes.get("audit_key")
    if key is None:
        raise RuntimeError("0017 seals posted money into the audit chain: run it through frontdesk.storage.migrate.")
    from frontdesk.services._audit_chain import seal_money

    session = Session(bind=op.get_bind())
    for table in _MONEY_TABLES:
        seal_money(session, key, action="money.baseline", only=table)
    session.flush()


def downgrade() -> None:
    drop_trigger("payment_merge_moves_only_the_patient")
    drop_trigger("payment_no_update")
    op.execute("ALTER TABLE payment DROP COLUMN posted_patient_id")
    create_trigger("payment_no_update", _PAYMENT_NO_UPDATE)
    create_trigger("payment_merge_moves_only_the_patient", f"BEFORE UPDATE OF {_OTHERS} ON payment {_REFUSE}")
    op.drop_index('ix_audit_event_money', table_name='audit_event')
    # The sealing events' HMACs include this column: after a downgrade their chain no longer verifies.
    op.execute("ALTER TABLE audit_event DROP COLUMN money")
