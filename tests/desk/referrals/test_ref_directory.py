"""The outside provider/facility directory: checked fields, duplicates, retiring, search."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ref_lib import CARDIO_NPI, RefClinic, cardiology

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services.desk import outside_directory as od
from frontdesk.services.desk.referral_types import OutsideProviderInput


def test_entries_are_stored_cleaned_and_found_by_words(clinic: RefClinic) -> None:
    rows = od.list_outside_providers(clinic.desk)
    assert [r.name for r in rows] == ["Dr. Priya Shah", "Springfield Imaging Center"]
    shah = rows[0]
    assert (shah.phone, shah.fax, shah.npi, shah.kind_text) == ("+12175550300", "+12175550301", CARDIO_NPI, "Provider")
    assert shah.address_lines == ("800 Heart Way", "Springfield, IL 62701")
    assert [r.name for r in od.list_outside_providers(clinic.desk, "radio")] == ["Springfield Imaging Center"]
    assert [r.name for r in od.list_outside_providers(clinic.desk, "cardio shah")] == ["Dr. Priya Shah"]
    assert od.list_outside_providers(clinic.desk, "cardio imaging") == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "  "}, "name"),
    ({"npi": ""}, "npi"),  # a provider needs an NPI
    ({"npi": "1987654321"}, "npi"),  # fails the check digit
    ({"phone": "555", "fax": ""}, "phone"),
    ({"phone": "", "fax": ""}, "phone"),  # no way to reach them
    ({"fax": "12"}, "fax"),
    ({"state": "XX"}, "state"),
    ({"zip_code": "1234"}, "zip_code"),
    ({"kind": "lab"}, "kind"),
])
def test_bad_entries_are_refused_naming_the_field(clinic: RefClinic, changes: dict[str, str], field: str) -> None:
    data = replace(cardiology(), name="Dr. New Person", npi="1666666668")
    with pytest.raises(ValidationError) as err:
        od.save_outside_provider(clinic.desk, None, replace(data, **changes))
    assert err.value.field == field


def test_a_facility_needs_no_npi_but_duplicates_are_refused(clinic: RefClinic) -> None:
    lab = od.save_outside_provider(clinic.desk, None, OutsideProviderInput(kind="facility", name="Quest Lab",
                                                                          fax="(217) 555-0500"))
    assert lab.npi == "" and lab.phone == ""
    with pytest.raises(ValidationError) as err:
        od.save_outside_provider(clinic.desk, None, replace(cardiology(), name="Dr. P. Shah"))
    assert err.value.field == "npi"
    with pytest.raises(ValidationError) as err:
        od.save_outside_provider(clinic.desk, None, OutsideProviderInput(kind="facility", name="quest lab",
                                                                        phone="2175550501"))
    assert err.value.field == "name"
    # Editing an entry may keep its own name and NPI.
    edited = od.save_outside_provider(clinic.desk, clinic.cardiology_id, replace(cardiology(), specialty="Cardiac EP"))
    assert edited.specialty == "Cardiac EP" and edited.id == clinic.cardiology_id


def test_retired_entries_leave_the_list_and_come_back(clinic: RefClinic) -> None:
    od.set_outside_provider_active(clinic.desk, clinic.imaging_id, False)
    assert [r.id for r in od.list_outside_providers(clinic.desk)] == [clinic.cardiology_id]
    assert len(od.list_outside_providers(clinic.desk, include_inactive=True)) == 2
    with pytest.raises(ConflictError):
        od.set_outside_provider_active(clinic.desk, clinic.imaging_id, False)
    assert od.set_outside_provider_active(clinic.desk, clinic.imaging_id, True).active


def test_signed_out_users_cannot_read_the_directory(clinic: RefClinic, anon_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        od.list_outside_providers(anon_ctx)
