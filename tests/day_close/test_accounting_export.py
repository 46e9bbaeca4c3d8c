"""The accounting export: a closed day's journal balances and agrees with the day sheet and the deposit slip;
each day is exported once and a later export is marked; an incomplete account map or a bad range is refused
with nothing written."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from eod_lib import practice_day
from sqlalchemy import func, select

from frontdesk.errors import PermissionDenied, ValidationError, ValidationErrors
from frontdesk.models import AccountingExport, DayClose
from frontdesk.reports.accounting_journal import IIF_ENCODING
from frontdesk.services.admin import accounting_map
from frontdesk.services.admin.accounting_map import KEYS
from frontdesk.services.day_close import accounting_export, end_of_day
from frontdesk.services.payments import insurance_payments, payments
from frontdesk.services.payments.payment_types import LinePostingInput

ACCOUNTS = {k.key: k.suggestion for k in KEYS}


def _close(db, day) -> None:  # type: ignore[no-untyped-def]
    """The day as closed (the checklist itself is tested in test_eod_close.py)."""
    with db.session(write=True) as s:
        s.add(DayClose(day=day, charges_cents=0, patient_money_cents=0, insurance_cents=0, adjustments_cents=0))


def _busy_day(clinic, billing_ctx, frontdesk_ctx):  # type: ignore[no-untyped-def]
    """Cash, check (reversed), card, a cash refund, a payer check with a write-off, an EFT, one deposit."""
    today = practice_day(clinic.db)
    a, b = clinic.patient("Avery"), clinic.patient("Brook")
    v_old = clinic.visit(b, (9900, 4000), on=practice_day(clinic.db, 3))
    payments.take_payment(frontdesk_ctx, a, method="cash", amount="120.00", apply_to=[])
    check = payments.take_payment(frontdesk_ctx, b, method="check", amount="35.50", check_number="1042", apply_to=[])
    payments.take_payment(frontdesk_ctx, a, method="card", amount="10.00", card_last4="4242", card_auth_code="A1",
                          apply_to=[])
    payments.reverse_payment(billing_ctx, check.id, "Check returned by the bank")
    payments.refund_credit(billing_ctx, a, "15.00", "cash", "Overpaid copay")
    ip = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                    paid_on=today, total="60.00")
    insurance_payments.post_claim_lines(billing_ctx, ip.id, v_old.claim_ids[0], [LinePostingInput(
        v_old.line_ids[0], allowed="60.00", paid="60.00", adjustments=(("CO", "45", "39.00"),))])
    insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="EFT99",
                                               paid_on=today, total="80.00")
    deposit = end_of_day.save_deposit(frontdesk_ctx, [c.key for c in end_of_day.deposit_candidates(frontdesk_ctx)])
    return today, deposit


def _by_account(journal) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    net: dict[str, Decimal] = {}
    for line in journal.lines:
        net[line.account] = net.get(line.account, Decimal("0")) + line.debit - line.credit
    return net


@pytest.mark.both_engines
def test_a_closed_days_journal_balances_and_agrees_with_the_day_sheet_and_deposit(
        clinic, admin_ctx, billing_ctx, frontdesk_ctx, tmp_path: Path) -> None:
    today, deposit = _busy_day(clinic, billing_ctx, frontdesk_ctx)
    sheet = end_of_day.day_sheet(frontdesk_ctx, today)
    _close(clinic.db, today)
    accounting_map.save_account_map(admin_ctx, ACCOUNTS)

    out = tmp_path / "day.iif"
    period = accounting_export.export_journal(frontdesk_ctx, today, today, "iif", out)

    [journal] = period.journals
    assert journal.debits == journal.credits and not journal.reexport and journal.number == f"FD-{today:%Y%m%d}"
    net = _by_account(journal)
    # Income accounts carry the day sheet's money: payments less reversals (refunds have their own account).
    refunds = sum((m.amount for m in sheet.reversals if m.label.startswith("Refund")), Decimal("0"))
    assert -(net["Patient Fee Income"] + net["Insurance Income"]) == sheet.net_receipts - refunds
    assert net["Patient Refunds"] == -refunds == Decimal("15.00")
    assert net["Contractual Adjustments"] == sheet.adjustments_total == -net["Accounts Receivable"]
    # The bank gets the deposit slip's total and the EFT; undeposited funds end the day empty (all deposited).
    assert deposit.total == Decimal("165.00")  # cash 120 - refund 15 + payer check 60
    assert net["Checking"] == deposit.total + Decimal("80.00")
    assert net["Card Clearing"] == Decimal("10.00")
    assert "Undeposited Funds" not in net or net["Undeposited Funds"] == 0
    text = out.read_bytes().decode(IIF_ENCODING)
    rows = [line.split("\t") for line in text.split("\r\n") if line]
    assert rows[0][0] == "!TRNS" and rows[-1] == ["ENDTRNS"]
    amounts = [Decimal(r[4]) for r in rows if r[0] in ("TRNS", "SPL")]
    assert sum(amounts) == 0 and len(amounts) == len(journal.lines)
    with clinic.db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(AccountingExport)) == 1


def test_a_second_export_of_a_day_is_marked_a_reexport(clinic, admin_ctx, billing_ctx, frontdesk_ctx,
                                                       tmp_path: Path) -> None:
    today, _deposit = _busy_day(clinic, billing_ctx, frontdesk_ctx)
    _close(clinic.db, today)
    accounting_map.save_account_map(admin_ctx, ACCOUNTS)
    accounting_export.export_journal(frontdesk_ctx, today, today, "qbo_csv", tmp_path / "first.csv")
    preview = accounting_export.journal_preview(frontdesk_ctx, today, today)
    assert preview.reexport and "by rita" in preview.journals[0].exported_before[0]
    again = accounting_export.export_journal(frontdesk_ctx, today, today, "qbo_csv", tmp_path / "again.csv")
    assert again.journals[0].number == f"FD-{today:%Y%m%d}-R2"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "again.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["Journal No"] for r in rows} == {f"FD-{today:%Y%m%d}-R2"}
    assert all(r["Description"].startswith("RE-EXPORT: ") for r in rows)
    debits = sum(Decimal(r["Debits"] or "0") for r in rows)
    assert debits == sum(Decimal(r["Credits"] or "0") for r in rows) == again.journals[0].debits
    with clinic.db.session(write=False) as s:
        assert [r.reexport for r in s.scalars(select(AccountingExport).order_by(AccountingExport.id))] == [False, True]


def test_an_incomplete_account_map_is_named_and_nothing_is_written(clinic, admin_ctx, billing_ctx, frontdesk_ctx,
                                                                    tmp_path: Path) -> None:
    today, _deposit = _busy_day(clinic, billing_ctx, frontdesk_ctx)
    _close(clinic.db, today)
    accounting_map.save_account_map(admin_ctx, {**ACCOUNTS, "card_clearing": "", "refunds": "  "})
    out = tmp_path / "day.iif"
    with pytest.raises(ValidationError) as info:
        accounting_export.export_journal(frontdesk_ctx, today, today, "iif", out)
    assert info.value.field == "account_map"
    assert "Card payments" in info.value.message and "Refunds to patients" in info.value.message
    assert "Admin > Accounting" in info.value.message
    assert not out.exists()
    with clinic.db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(AccountingExport)) == 0


def test_ranges_open_days_and_formats_are_checked(clinic, admin_ctx, billing_ctx, frontdesk_ctx,
                                                  tmp_path: Path) -> None:
    today, _deposit = _busy_day(clinic, billing_ctx, frontdesk_ctx)
    accounting_map.save_account_map(admin_ctx, ACCOUNTS)
    yesterday = practice_day(clinic.db, 1)
    with pytest.raises(ValidationError) as info:
        accounting_export.journal_preview(frontdesk_ctx, today, yesterday)
    assert info.value.field == "end" and "ends before it starts" in info.value.message
    preview = accounting_export.journal_preview(frontdesk_ctx, yesterday, today)
    assert preview.journals == () and preview.open_days == (today,)  # money, but not closed: not exported
    with pytest.raises(ValidationError) as info:
        accounting_export.export_journal(frontdesk_ctx, yesterday, today, "iif", tmp_path / "x.iif")
    assert info.value.field == "start" and "not closed yet" in info.value.message
    _close(clinic.db, today)
    with pytest.raises(ValidationError) as info:
        accounting_export.export_journal(frontdesk_ctx, today, today, "xlsx", tmp_path / "x.xlsx")
    assert info.value.field == "file_format"
    with pytest.raises(ValidationError) as info:
        accounting_export.journal_preview(frontdesk_ctx, today, today + (today - yesterday))
    assert info.value.field == "end" and "future" in info.value.message


def test_the_account_map_is_checked_audited_and_admin_only(admin_ctx, frontdesk_ctx, billing_ctx) -> None:
    with pytest.raises(ValidationErrors) as info:
        accounting_map.save_account_map(admin_ctx, {"bank": "Checking \u2603", "refunds": "Refunds\tOld",
                                                    "card_clearing": "x" * 101})
    assert {e.field for e in info.value.errors} == {"bank", "refunds", "card_clearing"}
    saved = accounting_map.save_account_map(admin_ctx, {"bank": "Checking:Main", "refunds": "Patient Refunds"})
    assert saved.account("bank") == "Checking:Main" and "card_clearing" in saved.missing
    assert accounting_map.account_map(billing_ctx) == saved
    with pytest.raises(PermissionDenied):
        accounting_map.save_account_map(frontdesk_ctx, ACCOUNTS)
    cleared = accounting_map.save_account_map(admin_ctx, {"refunds": "Patient Refunds"})
    assert cleared.account("bank") == "" and "bank" in cleared.missing
