"""Print EOB summary... / Save EOB summary as PDF...: a claim's EOB from one payer check, to attach to a paper
secondary claim (services/payments/eob_summaries.write_eob_summary_pdf writes the PDF; pdf_output prints it
through the native print dialog, or saves it where the desk chooses)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from frontdesk.services.payments import eob_summaries
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.pdf_output import print_generated, save_generated


def _said(summary: Any) -> str:
    return f"EOB summary of claim #{summary.claim_id}"


def print_eob_summary(owner: QWidget, uictx: UiContext, claim_id: int, payment_id: int,
                      status: Callable[[str], None]) -> bool:
    """The claim's EOB summary from this payer check to the printer the desk picks; False when cancelled."""
    return print_generated(owner, uictx, "Print EOB summary", eob_summaries.write_eob_summary_pdf, claim_id,
                           report=_said, status=status, insurance_payment_id=payment_id)


def save_eob_summary(owner: QWidget, uictx: UiContext, claim_id: int, payment_id: int,
                     status: Callable[[str], None]) -> bool:
    """The same summary saved as a PDF file; False when cancelled."""
    return save_generated(owner, uictx, "Save EOB summary as PDF", f"eob-summary-claim-{claim_id}.pdf",
                          eob_summaries.write_eob_summary_pdf, claim_id, report=_said, status=status,
                          insurance_payment_id=payment_id)
