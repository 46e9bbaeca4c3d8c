"""Money with hypothesis: claim total = sum of line charges; charge = unit fee x units, exact in cents."""

from __future__ import annotations

from decimal import Decimal

from bc_testlib import BillingClinic, header, line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.domain.money import from_cents
from frontdesk.services.billing import claims, encounters, fee_schedule
from frontdesk.services.billing._encounter_fields import line_charge_cents

CENTS = st.integers(min_value=1, max_value=5_000_000)


@given(unit=CENTS, units=st.integers(min_value=1, max_value=999))
def test_charge_from_the_fee_schedule_is_unit_fee_times_units(unit: int, units: int) -> None:
    assert line_charge_cents(None, unit, units, "99213") == unit * units
    assert from_cents(unit * units) == from_cents(unit) * units  # the same in Decimal dollars


@given(typed=CENTS)
def test_a_typed_charge_is_kept_to_the_cent(typed: int) -> None:
    text = f"${from_cents(typed):,}"
    assert line_charge_cents(text, 1, 7, "99213") == typed
    assert line_charge_cents(str(Decimal(typed) / 100), None, 1, "99000") == typed


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(charges=st.lists(st.tuples(CENTS, st.integers(1, 12), st.booleans()), min_size=1, max_size=8))
def test_claim_total_is_the_sum_of_its_lines(clinic: BillingClinic, charges: list[tuple[int, int, bool]]) -> None:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J069"])
    expected = 0
    for cents, units, typed in charges:
        if typed:
            detail = encounters.add_service_line(clinic.biller, enc.id, line("90471", units=units,
                                                                             charge=str(from_cents(cents))))
            expected += cents
        else:
            detail = encounters.add_service_line(clinic.biller, enc.id, line("J1100", units=units))
            expected += 337 * units
    assert detail.total_cents == expected == sum(ln.charge_cents for ln in detail.lines)
    [row] = claims.create_claims(clinic.biller, enc.id)
    [form] = claims.claim_forms(clinic.biller, [row.id])
    assert row.total_cents == form.total_cents == expected
    assert sum(sum(ln.charge_cents for ln in page) for page in form.pages()) == expected
    claims.set_claim_status(clinic.biller, row.id, "closed", "test done")


def test_payer_fee_is_used_for_that_payers_patients(clinic: BillingClinic) -> None:
    item = next(i for i in fee_schedule.list_fee_items(clinic.biller) if i.code == "99213")
    fee_schedule.set_payer_fee(clinic.biller, clinic.payer_id, item.id, "98.76")
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J069"])
    detail = encounters.add_service_line(clinic.biller, enc.id, line("99213", units=2))
    assert detail.lines[0].charge_cents == 2 * 9876
    cash = encounters.create_encounter(clinic.biller, clinic.self_pay_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, cash.id, ["J069"])
    assert encounters.add_service_line(clinic.biller, cash.id, line("99213")).lines[0].charge_cents == 12500
