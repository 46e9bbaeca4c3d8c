"""The Billing pane: claims and their problems, visits to bill, encounters, printing and 837P export."""

from frontdesk.ui.billing.pane import BillingPane

__all__ = ["BillingPane"]
