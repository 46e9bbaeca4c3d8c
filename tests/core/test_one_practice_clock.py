"""One clock, the practice's: a day at the desk on a workstation whose own zone is not the practice's.

The practice is in New York; the (frozen) clock says 02:30 UTC on a Monday, which is still Sunday 9:30 PM
in New York. The workstation's zone is UTC, Honolulu or Tokyo in turn. Every "today", default date and
shown time must be New York's, never the workstation's (issue 15, item 4).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pdfplumber
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "billing" / "claims"))  # the billing clinic builder

from bc_testlib import BillingClinic, build_billing_clinic, header, line
from testsupport import process_time_zone

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_datetime
from frontdesk.errors import ValidationError
from frontdesk.services import _audit_chain
from frontdesk.services.admin import audit
from frontdesk.services.patients import contact_history, intake, patient_print
from frontdesk.services.billing import encounters
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import payments
from frontdesk.services.desk import phone_messages
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.admin.audit import AuditFilter

NEW_YORK = st.zone("America/New_York")
# A Monday, 02:30 UTC: in New York it is still Sunday evening (9:30 PM, EST).
NOW = datetime(2026, 11, 30, 2, 30, tzinfo=UTC)
SUNDAY = date(2026, 11, 29)  # New York's date at NOW
SHOWN = "11/29/2026 9:30 PM"  # NOW on New York's wall clock, as every screen and paper shows it
WORKSTATION_ZONES = ["UTC", "Pacific/Honolulu", "Asia/Tokyo"]


@pytest.fixture(params=WORKSTATION_ZONES)
def workstation_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's own time zone (what date.today() and a bare astimezone() would read), restored after."""
    with process_time_zone(request.param):
        yield request.param


@pytest.fixture
def clinic(workstation_zone: str, practice, admin_ctx, frontdesk_ctx,  # type: ignore[no-untyped-def]
           monkeypatch: pytest.MonkeyPatch) -> BillingClinic:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)
    monkeypatch.setattr(_audit_chain, "utcnow", lambda: NOW)  # audit rows stamped at the same instant
    return build_billing_clinic(practice, admin_ctx, frontdesk_ctx)


def test_the_workstation_zone_really_differs(workstation_zone: str) -> None:
    """The premise: in each of these zones the workstation's own reading of NOW is not New York's."""
    assert NOW.astimezone().strftime("%m/%d/%Y %I:%M %p") != NOW.astimezone(NEW_YORK).strftime("%m/%d/%Y %I:%M %p")


def test_check_in_visits_today_in_new_york(clinic: BillingClinic) -> None:
    summary = intake.start_intake(clinic.desk, clinic.patient_id)
    assert summary.visit_date == SUNDAY
    with pytest.raises(ValidationError) as err:  # Monday has not begun in New York
        intake.start_intake(clinic.desk, clinic.self_pay_id, visit_date=SUNDAY + timedelta(days=1))
    assert err.value.field == "visit_date"


def test_payment_and_its_receipt_say_new_york_date_and_time(clinic: BillingClinic, tmp_path: Path) -> None:
    paid = payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="20")
    assert paid.received_on == SUNDAY
    data = payments.write_receipt_pdf(clinic.desk, paid.id, tmp_path / "receipt.pdf")
    assert data.printed_at.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 11, 29, 21, 30)
    with pdfplumber.open(tmp_path / "receipt.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Date 11/29/2026" in text and f"Printed {SHOWN}." in text
    assert "11/30/2026" not in text


def test_eob_paid_today_in_new_york_is_accepted(clinic: BillingClinic) -> None:
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="5521",
                                        paid_on=SUNDAY, total="10.00")
    assert check.paid_on == SUNDAY
    with pytest.raises(ValidationError) as err:
        ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="5522",
                                    paid_on=SUNDAY + timedelta(days=1), total="10.00")
    assert err.value.field == "paid_on"


def test_todays_encounter_is_billable_and_tomorrow_is_not(clinic: BillingClinic) -> None:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                      header(service_date=SUNDAY, rendering_provider_id=clinic.provider_id))
    assert enc.header.service_date == SUNDAY
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    assert encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="A")).lines[0].from_date == SUNDAY
    with pytest.raises(ValidationError):
        encounters.create_encounter(clinic.biller, clinic.patient_id, header(
            service_date=SUNDAY + timedelta(days=1), rendering_provider_id=clinic.provider_id))


def test_day_sheet_is_new_yorks_day_printed_at_new_york_time(clinic: BillingClinic, tmp_path: Path) -> None:
    payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="20")
    sheet = end_of_day.write_day_sheet_pdf(clinic.admin, None, tmp_path / "day.pdf")
    assert sheet.day == SUNDAY and sheet.payments_total == 20
    assert sheet.printed_at.utcoffset() == NEW_YORK.utcoffset(NOW.replace(tzinfo=None))
    with pdfplumber.open(tmp_path / "day.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Printed 11/29/2026 09:30 PM." in text


def test_face_sheet_is_printed_at_new_york_time(clinic: BillingClinic) -> None:
    sheet = patient_print.patient_sheet(clinic.desk, clinic.patient_id, "face_sheet")
    assert sheet.printed_at.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 11, 29, 21, 30)
    assert sheet.printed_at.utcoffset() == timedelta(hours=-5)  # EST, not the workstation's offset


def test_messages_and_histories_show_new_york_time(clinic: BillingClinic) -> None:
    row = phone_messages.take_message(clinic.desk, phone_messages.MessageInput(
        caller_name="Mary", patient_id=clinic.patient_id, reason="Refill", to_role="front_desk"))
    assert format_datetime(row.created_at, NEW_YORK) == SHOWN
    event = contact_history.list_contact_history(clinic.desk, clinic.patient_id)[0]
    local = event.at.astimezone(NEW_YORK)
    assert format_datetime(event.at, NEW_YORK) == local.strftime("%m/%d/%Y ") + local.strftime("%I:%M %p").lstrip("0")


def test_audit_days_are_new_yorks_days(clinic: BillingClinic) -> None:
    """An event at 02:30 UTC Monday happened on Sunday at the practice."""
    payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="5")
    sunday = audit.list_events(clinic.admin, AuditFilter(start=SUNDAY, end=SUNDAY))
    monday = audit.list_events(clinic.admin, AuditFilter(start=SUNDAY + timedelta(days=1),
                                                         end=SUNDAY + timedelta(days=1)))
    assert any(e.action == "payment.take" for e in sunday)
    assert not any(e.action == "payment.take" for e in monday)
