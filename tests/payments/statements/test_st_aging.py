"""A/R aging: bucket edges, insurance and patient portions, by payer and by account, as-of dates, CSV and PDF."""

from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal

import pdfplumber
import pytest
from sqlalchemy import select
from st_lib import TODAY, Clinic, ago, guarantor_with_address

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.models import AuditEvent
from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.services.payments import aging, payments
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services._ledger_queries import line_states

D = Decimal


def _buckets(*values: str) -> tuple[Decimal, ...]:
    return tuple(D(v) for v in values)


@pytest.mark.parametrize(("days", "bucket"), [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3),
                                              (120, 3), (121, 4), (400, 4)])
def test_bucket_edges(biller, clinic: Clinic, days: int, bucket: int) -> None:
    pid = clinic.patient(last="Edge")
    clinic.visit(pid, (1000,), on=ago(days), claims=())
    report = aging.aging_report(biller, TODAY)
    expected = [D("0.00")] * 5
    expected[bucket] = D("10.00")
    assert report.totals.patient == tuple(expected)
    assert report.totals.insurance == _buckets("0", "0", "0", "0", "0")


def test_portions_by_payer_and_by_account_add_up_to_the_ledgers(biller, clinic: Clinic) -> None:
    gid = guarantor_with_address(clinic.db, "Gina", "Family")
    kid = clinic.patient(last="Family", first="Ann", guarantor_id=gid)
    adult = clinic.patient(last="Adult", first="Al")
    waiting = clinic.visit(kid, (10000, 2000), on=ago(45), claims=("submitted",))
    clinic.visit(kid, (3000,), on=ago(100), claims=())  # self-pay, 91-120
    paid = clinic.visit(adult, (20000,), on=ago(10), claims=("submitted", "held"))
    check = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="77", paid_on=ago(2),
                                        total="120")
    ins.post_claim_lines(biller, check.id, paid.claim_ids[0], [
        (paid.line_ids[0], "160", "120", (("CO", "45", "40"), ("PR", "2", "40")))])
    payments.take_payment(biller, adult, method="cash", amount="15", apply_to=[])  # credit
    report = aging.aging_report(biller)  # default as of today
    assert report.as_of == TODAY
    payer = {r.label: r for r in report.by_payer}
    assert payer["Blue Prairie Health"].insurance == _buckets("0", "120", "0", "0", "0")
    assert payer["Medicare"].insurance == _buckets("40", "0", "0", "0", "0")  # the released secondary awaits
    assert payer["Patients (patient portions)"].patient == _buckets("0", "0", "0", "30", "0")
    assert payer["Patients (patient portions)"].credit == D("15.00")
    accounts = {r.key: r for r in report.by_account}
    family = accounts[f"G{gid}"]
    assert family.label == "Family, Gina" and family.total == D("150.00")
    assert accounts[f"P{adult}"].insurance_total == D("40.00") and accounts[f"P{adult}"].total == D("25.00")
    for pid, row in ((kid, family), (adult, accounts[f"P{adult}"])):
        led = ledger_service.ledger(biller, patient_id=pid)
        assert (row.total, row.insurance_total, row.patient_total) == (led.balance, led.insurance_portion,
                                                                       led.patient_portion)
    assert report.totals.total == sum((r.total for r in report.by_payer), D("0.00"))
    assert report.totals.total == sum((r.total for r in report.by_account), D("0.00")) == D("175.00")
    assert waiting.line_ids  # used above through the claim


def test_as_of_leaves_out_later_charges_and_money(biller, clinic: Clinic) -> None:
    pid = clinic.patient(last="Past")
    clinic.visit(pid, (5000,), on=ago(50), claims=())
    clinic.visit(pid, (7000,), on=ago(5), claims=())
    payments.take_payment(biller, pid, method="cash", amount="20", received_on=ago(3), apply_to=None)
    then = aging.aging_report(biller, ago(20))
    assert then.totals.patient == _buckets("50", "0", "0", "0", "0")
    now = aging.aging_report(biller, TODAY)
    assert now.totals.patient == _buckets("70", "30", "0", "0", "0")  # $20 went to the oldest charge
    with biller.db.session(write=False) as s:
        states = line_states(s, [pid])
    assert sum(x.open for x in states.values()) == 10000


def test_csv_neutralises_formulas_and_keeps_numbers_numbers(biller, clinic: Clinic, tmp_path) -> None:
    for last in ("=HYPERLINK(\"x\")", "+Plus", "-Minus", "@At", "\tTab", "\rCR", "Plain"):
        clinic.visit(clinic.patient(last=last, first="Q"), (1234,), on=ago(3), claims=())
    payments.take_payment(biller, clinic.patient(last="Credit", first="Q"), method="cash", amount="7.5", apply_to=[])
    out = tmp_path / "aging.csv"
    aging.export_aging_csv(biller, out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "A/R aging as of" and rows[0][1] == "11/27/2026"
    head = rows[1]
    accounts = {r[1]: dict(zip(head, r, strict=True)) for r in rows[2:] if r[0] == "By account"}
    for name in ("'=HYPERLINK(\"x\"), Q", "'+Plus, Q", "'-Minus, Q", "'@At, Q", "'\tTab, Q", "'\rCR, Q"):
        assert name in accounts, name
    assert "Plain, Q" in accounts
    row = accounts["Plain, Q"]
    assert row["Patient 0-30"] == "12.34" and row["Total"] == "12.34" and row["Patient credit"] == "0.00"
    assert D(row["Total"]) == D("12.34")
    assert accounts["Credit, Q"]["Patient credit"] == "-7.50" and accounts["Credit, Q"]["Total"] == "-7.50"
    # Numbers are unquoted plain numbers in the file itself.
    raw = out.read_text(encoding="utf-8-sig")
    assert ",12.34," in raw and '"12.34"' not in raw and "$" not in raw.split("\n", 2)[2]
    total = next(r for r in rows if r[0] == "Total")
    assert D(total[-1]) == D("12.34") * 7 - D("7.50")
    assert neutralise_cell("=1") == "'=1" and neutralise_cell("a=1") == "a=1"
    with biller.db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "aging.export_csv")) is not None


def test_pdf_export_and_audit(biller, clinic: Clinic, tmp_path) -> None:
    clinic.visit(clinic.patient(last="<b>&Pdf", first="Ann"), (4200,), on=ago(65), claims=())
    out = tmp_path / "aging.pdf"
    report = aging.write_aging_pdf(biller, out, TODAY - timedelta(days=1))
    assert report.totals.patient[2] == D("42.00")
    with pdfplumber.open(out) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "A/R aging" in text and "As of 11/26/2026" in text and "<b>&Pdf, Ann" in text and "$42.00" in text
    with biller.db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "aging.print")).startswith("1 accounts")


def test_front_desk_cannot_see_aging_and_bad_dates_are_refused(biller, frontdesk_ctx, tmp_path) -> None:
    with pytest.raises(PermissionDenied):
        aging.aging_report(frontdesk_ctx)
    with pytest.raises(PermissionDenied):
        aging.export_aging_csv(frontdesk_ctx, tmp_path / "x.csv")
    with pytest.raises(ValidationError) as err:
        aging.aging_report(biller, "11/27/2026")
    assert err.value.field == "as_of"
