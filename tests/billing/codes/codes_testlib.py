"""Helpers for the code-set and fee schedule tests."""

from __future__ import annotations

from frontdesk.services.billing import payers
from frontdesk.services.session import ServiceContext


def add_payer(ctx: ServiceContext, name: str = "Aetna", edi: str = "60054") -> int:
    """A payer for fee tests; its id."""
    return payers.add_payer(ctx, payers.PayerInput(name=name, claim_type="group_health_plan",
                                                   edi_payer_id=edi)).id
