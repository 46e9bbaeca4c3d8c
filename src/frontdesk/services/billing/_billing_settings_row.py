"""The practice's one billing_settings row (or None before anyone saved it), for the billing services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.models.billing import BillingSettings


def _billing_settings_row(session: Session) -> BillingSettings | None:
    """The single settings row; a fresh practice has none until the first save."""
    return session.scalar(select(BillingSettings).order_by(BillingSettings.id).limit(1))
