"""The Billing pane: the practice's billing identity and its providers' NPIs."""

from frontdesk.ui.billing.pane import BillingPane

__all__ = ["BillingPane"]
