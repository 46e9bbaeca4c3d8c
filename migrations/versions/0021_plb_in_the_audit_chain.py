"""A payer check's provider-level adjustments (835 PLB, interest) are sealed into the audit chain

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

``payer_check_adjustment`` (0019) is append-only, but its amounts were outside the money sealed into the
audit chain (services/_money_seal.py MONEY_FIELDS), so a changed PLB amount went unseen by `frontdesk check`.
The table is now a money table; the rows imported before this upgrade are sealed here by one "money.baseline"
event (covered from the upgrade on, as 0018 did for the other money tables). No schema change.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

revision: str = '0021'
# 0020 (eligibility) is written in parallel; the lead chains the two when merging.
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    key = op.get_context().config.attributes.get("audit_key")
    if key is None:
        raise RuntimeError("0021 seals PLB adjustments into the audit chain: run it through frontdesk.storage.migrate.")
    from frontdesk.services._audit_chain import seal_money

    session = Session(bind=op.get_bind())
    seal_money(session, key, action="money.baseline", only="payer_check_adjustment")
    session.flush()


def downgrade() -> None:
    # Nothing to undo in the schema; the baseline event stays in the chain (an audit trail is never shortened).
    pass
