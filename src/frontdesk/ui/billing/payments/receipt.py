"""Hand over a receipt: the service writes the PDF (and audits it); it goes to the printer or a chosen file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from frontdesk.domain.formats import format_money
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import ReceiptData
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.pdf_output import print_generated, save_generated

StatusFn = Callable[[str], None]
# How a receipt leaves the desk: printed, saved as a PDF (to e-mail or file), or not at all.
RECEIPT_CHOICES = {"print": "&Print receipt", "pdf": "Save receipt as P&DF\u2026", "none": "No rece&ipt"}


def _said(data: ReceiptData) -> str:
    return f"Receipt for {format_money(abs(data.payment.amount))} ({data.payment.method_text})"


def print_receipt(owner: QWidget, uictx: UiContext, payment_id: int, status: StatusFn) -> None:
    """Ask for the printer and print the receipt of one payment, refund or reversal."""
    if not print_generated(owner, uictx, "Print receipt", payments.write_receipt_pdf, payment_id, report=_said,
                           status=status):
        status("No receipt printed.")


def save_receipt(owner: QWidget, uictx: UiContext, payment_id: int, status: StatusFn) -> None:
    """Ask where, then write the receipt PDF there."""
    if not save_generated(owner, uictx, "Save receipt as PDF", f"receipt-{payment_id}.pdf",
                          payments.write_receipt_pdf, payment_id, report=_said, status=status):
        status("No receipt saved.")


def deliver_receipt(owner: QWidget, uictx: UiContext, payment_id: int, how: str, status: StatusFn) -> None:
    """``how`` is a key of RECEIPT_CHOICES ('none' does nothing)."""
    if how == "print":
        print_receipt(owner, uictx, payment_id, status)
    elif how == "pdf":
        save_receipt(owner, uictx, payment_id, status)
