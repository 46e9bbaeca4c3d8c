"""A patient's referral source (how they came to the practice): kept, shown as "Not recorded" when blank, an
unknown value refused naming the field, the change audited by name only, and carried by a merge."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pc_lib import audit_rows, basic

from frontdesk.domain.referral_sources import REFERRAL_SOURCES, referral_source_label
from frontdesk.errors import ValidationError
from frontdesk.services.patients import merge, patients


def test_saved_shown_refused_and_audited(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, basic())
    assert saved.referral_source == "" and referral_source_label(saved.referral_source) == "Not recorded"
    with pytest.raises(ValidationError) as err:
        patients.update_patient(admin_ctx, saved.id, replace(basic(), referral_source="Billboard"))
    assert err.value.field == "referral_source" and "Web search / website" in str(err.value)
    updated = patients.update_patient(admin_ctx, saved.id, replace(basic(), referral_source="web"))
    assert updated.referral_source == "web" and referral_source_label("web") == REFERRAL_SOURCES["web"]
    assert patients.open_patient(admin_ctx, saved.id).referral_source == "web"
    detail = audit_rows(admin_ctx, "patient.update")[0].detail  # newest first
    assert "referral_source" in detail and "web" not in detail.replace("referral_source", "")
    # A form that leaves the field out keeps what was recorded.
    assert patients.update_patient(admin_ctx, saved.id, basic(first_name="Ada")).referral_source == "web"


def test_merge_fills_an_unrecorded_source_from_the_duplicate(admin_ctx) -> None:
    keep = patients.register_patient(admin_ctx, basic("Ann", "Smith", dob="05/06/1970"))
    dup = patients.register_patient(admin_ctx, replace(basic("Anne", "Smyth", dob="05/06/1970"),
                                                       referral_source="walk_in"),
                                    duplicate_override_reason="test: one person")
    assert "referral_source" in merge.preview_merge(admin_ctx, keep.id, dup.id).filled_fields
    assert merge.merge_patients(admin_ctx, keep.id, dup.id).survivor.referral_source == "walk_in"
