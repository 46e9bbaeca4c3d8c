"""Billing > Reports money reports: figures from hand-computed postings, agreement with the day sheet, the
range errors, permission and the audit row."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from eod_lib import practice_day
from sqlalchemy import select

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services.billing import reports
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import insurance_payments, payments
from frontdesk.services.payments.payment_types import LinePostingInput


def _scenario(clinic, billing_ctx, frontdesk_ctx):  # type: ignore[no-untyped-def]
    """Today: Avery 125.00 + 40.00 (Carter), Brook 125.00 (Osei); a visit 3 days ago 99.00 (Carter) paid 60.00
    by the payer today by check with 39.00 CO-45 and 5.00 PR-2; Avery pays 20.00 cash applied to a charge, 10.00
    card on account; Brook's 35.50 check is reversed."""
    today = practice_day(clinic.db)
    a, b = clinic.patient("Avery"), clinic.patient("Brook")
    va = clinic.visit(a, (12500, 4000), on=today)
    clinic.visit(b, (12500,), on=today, provider_id=clinic.other_provider_id)
    v_old = clinic.visit(b, (9900,), on=practice_day(clinic.db, 3))
    payments.take_payment(frontdesk_ctx, a, method="cash", amount="20.00", apply_to=[va.line_ids[1]])
    payments.take_payment(frontdesk_ctx, a, method="card", amount="10.00", card_last4="4242", card_auth_code="A1",
                          apply_to=[])
    check = payments.take_payment(frontdesk_ctx, b, method="check", amount="35.50", check_number="1", apply_to=[])
    payments.reverse_payment(billing_ctx, check.id, "Check returned by the bank")
    ip = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="778",
                                                    paid_on=today, total="55.00")
    insurance_payments.post_claim_lines(billing_ctx, ip.id, v_old.claim_ids[0], [LinePostingInput(
        v_old.line_ids[0], allowed="60.00", paid="55.00", adjustments=(("CO", "45", "39.00"), ("PR", "2", "5.00")))])
    return today


def _table(report):  # type: ignore[no-untyped-def]
    return {row[0]: row[1:] for row in report.rows}


@pytest.mark.both_engines
def test_money_reports_from_postings_agree_with_the_day_sheet(clinic, billing_ctx, frontdesk_ctx) -> None:
    today = _scenario(clinic, billing_ctx, frontdesk_ctx)
    day = ReportFilter(today, today)
    run = lambda key, flt=day: reports.billing_report(billing_ctx, key, flt)  # noqa: E731

    by_provider = run("production_provider")
    assert _table(by_provider) == {"Ava Carter": (2, 2, Decimal("165.00"), Decimal("56.9")),
                                   "Ben Osei": (1, 1, Decimal("125.00"), Decimal("43.1"))}
    sheet = end_of_day.day_sheet(billing_ctx, today)
    assert by_provider.totals[3] == sheet.charges_total == Decimal("290.00")
    assert {r[0].split()[0]: r[3] for r in run("production_procedure").rows} == {
        "99213": Decimal("250.00"), "90471": Decimal("40.00")}
    payer_names = dict(reports.report_filter_choices(billing_ctx)[1])
    assert _table(run("production_payer")) == {payer_names[clinic.payer_id]: (3, 3, Decimal("290.00"),
                                                                             Decimal("100.0"))}
    three_days = ReportFilter(today - timedelta(days=3), today)
    assert run("production_provider", three_days).totals[3] == Decimal("389.00")

    method = run("collections_method")
    assert _table(method) == {"Insurance check": (Decimal("55.00"), Decimal("64.7")),
                              "Cash": (Decimal("20.00"), Decimal("23.5")),
                              "Card": (Decimal("10.00"), Decimal("11.8"))}  # the reversed check nets to nothing
    # The day sheet's net receipts: patient money net of the reversal, plus the payer's check.
    assert method.totals[1] == sheet.net_receipts == Decimal("85.00")
    provider = _table(run("collections_provider"))
    assert provider == {"Ava Carter": (Decimal("75.00"), Decimal("88.2")),
                        "Not applied (money on account)": (Decimal("10.00"), Decimal("11.8"))}
    payer = _table(run("collections_payer"))
    assert payer["Patients"][0] == Decimal("30.00") and sum(v[0] for v in payer.values()) == Decimal("85.00")

    adjustments = run("adjustments")
    assert [r[:4] for r in adjustments.rows] == [(
        "CO Contractual obligation (written off)", "45 Charge exceeds the fee schedule or maximum allowable", 1,
        Decimal("39.00"))]  # the PR-2 coinsurance stays owed: not a write-off
    assert adjustments.totals[3] == sum(m.amount for m in sheet.adjustments)

    ncr = _table(run("net_collection"))
    # Carter: 75.00 paid / (165.00 charged - 39.00 CO) = 59.5 %; Osei: nothing paid yet.
    assert ncr["Ava Carter"] == (Decimal("165.00"), Decimal("39.00"), Decimal("75.00"), Decimal("59.5"))
    assert ncr["Ben Osei"] == (Decimal("125.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.0"))


def test_filters_by_provider_and_payer(clinic, billing_ctx, frontdesk_ctx) -> None:
    today = _scenario(clinic, billing_ctx, frontdesk_ctx)
    osei = ReportFilter(today, today, provider_id=clinic.other_provider_id)
    assert _table(reports.billing_report(billing_ctx, "production_provider", osei)) == {
        "Ben Osei": (1, 1, Decimal("125.00"), Decimal("100.0"))}
    assert reports.billing_report(billing_ctx, "collections_method", osei).rows == ()
    payer = ReportFilter(today, today, payer_id=clinic.payer_id)
    paid = reports.billing_report(billing_ctx, "collections_method", payer)
    assert _table(paid) == {"Insurance check": (Decimal("55.00"), Decimal("100.0"))}  # no patient money
    assert reports.billing_report(billing_ctx, "adjustments", osei).scope == "Ben Osei, all payers"
    other = ReportFilter(today, today, payer_id=clinic.secondary_payer_id)
    assert reports.billing_report(billing_ctx, "production_payer", other).rows == ()


def test_a_range_that_ends_before_it_starts_names_the_to_date(clinic, billing_ctx) -> None:
    today = practice_day(clinic.db)
    with pytest.raises(ValidationError) as err:
        reports.billing_report(billing_ctx, "production_provider", ReportFilter(today, today - timedelta(days=1)))
    assert err.value.field == "end" and "before its From date" in str(err.value)
    with pytest.raises(ValidationError) as err:
        reports.billing_report(billing_ctx, "adjustments", ReportFilter(today - timedelta(days=3700), today))
    assert err.value.field == "end" and "10 years" in str(err.value)
    with pytest.raises(ValidationError) as err:
        reports.billing_report(billing_ctx, "no_such_report", ReportFilter(today, today))
    assert err.value.field == "report"


def test_front_desk_is_refused_and_a_view_is_audited_without_phi(clinic, billing_ctx, frontdesk_ctx,
                                                                  practice) -> None:
    today = _scenario(clinic, billing_ctx, frontdesk_ctx)
    with pytest.raises(PermissionDenied):
        reports.billing_report(frontdesk_ctx, "production_provider", ReportFilter(today, today))
    reports.billing_report(billing_ctx, "net_collection", ReportFilter(today, today))
    with practice.db.session(write=False) as s:
        entity_id, patient_id, detail = s.execute(select(
            AuditEvent.entity_id, AuditEvent.patient_id, AuditEvent.detail).where(
            AuditEvent.action == "report.view")).one()
    assert entity_id == "net_collection" and patient_id is None
    assert detail == f"net_collection {today.isoformat()}..{today.isoformat()} provider=all payer=all"
    assert "Avery" not in detail and "Brook" not in detail
