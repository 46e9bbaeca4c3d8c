"""Statements and A/R aging tabs of the Billing pane."""

from frontdesk.ui.billing.statements.aging_page import AgingPage
from frontdesk.ui.billing.statements.statements_page import StatementsPage

__all__ = ["AgingPage", "StatementsPage"]
