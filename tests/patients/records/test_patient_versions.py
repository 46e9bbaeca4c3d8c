"""A patient saved from a stale form is refused, never silently overwritten (issue 19), on both engines.

Two people open the same patient; the first saves; the second's save brings the version their form was
loaded with and is refused with who changed the patient and when (practice time), nothing of it saved.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fd_testlib import patient

from frontdesk.domain import schedule_time as st
from frontdesk.services.admin import audit
from frontdesk.services.patients import merge, patients
from frontdesk.services.patients.patients import ChangedMeanwhile

NOW = datetime(2030, 3, 4, 19, 5, tzinfo=UTC)  # 2:05 PM in Albany


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


@pytest.mark.both_engines
def test_a_save_from_a_stale_form_says_who_changed_the_patient_and_when(admin_ctx, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    created = patients.register_patient(admin_ctx, patient())
    assert created.version == 1
    rita_form = patients.open_patient(frontdesk_ctx, created.id)  # both open the same record
    ada_form = patients.open_patient(admin_ctx, created.id)
    ada_saved = patients.update_patient(admin_ctx, created.id, patient(city="Troy"), version=ada_form.version)
    assert ada_saved.version == 2

    with pytest.raises(ChangedMeanwhile) as refused:
        patients.update_patient(frontdesk_ctx, created.id, patient(phone="(518) 555-0199"), version=rita_form.version)
    assert str(refused.value) == ("Ada Admin changed this patient on 03/04/2030 2:05 PM, after you opened it. "
                                  "Your changes were not saved: reload to see theirs, then make yours again.")
    assert (refused.value.changed_by, refused.value.changed_at) == ("Ada Admin", "03/04/2030 2:05 PM")
    kept = patients.open_patient(admin_ctx, created.id)
    assert (kept.city, kept.phone, kept.version) == ("Troy", "+15185550142", 2)  # Ada's save stands, whole
    updates = audit.list_events(admin_ctx, audit.AuditFilter(patient_id=created.id, action="patient.update"))
    assert [e.username for e in updates] == ["admin"]

    # Reloaded, Rita's form has the new version: her save goes through on top of Ada's.
    reloaded = patients.open_patient(frontdesk_ctx, created.id)
    saved = patients.update_patient(frontdesk_ctx, created.id,
                                    patient(city=reloaded.city, phone="(518) 555-0199"), version=reloaded.version)
    assert (saved.city, saved.phone, saved.version) == ("Troy", "+15185550199", 3)


def test_every_saved_edit_moves_the_version_on(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    created = patients.register_patient(admin_ctx, patient())
    first = patients.update_patient(admin_ctx, created.id, patient(city="Troy"), version=1)
    assert first.version == 2
    # a script's save (no form version) is not checked, but still counts as a change forms must see
    assert patients.update_patient(admin_ctx, created.id, patient(city="Cohoes")).version == 3
    with pytest.raises(ChangedMeanwhile, match="^Ada Admin changed this patient on 03/04/2030 2:05 PM"):
        patients.update_patient(admin_ctx, created.id, patient(city="Delmar"), version=2)
    assert patients.open_patient(admin_ctx, created.id).city == "Cohoes"


def test_a_merge_into_the_patient_makes_open_forms_stale(admin_ctx, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    keep = patients.register_patient(admin_ctx, patient(phone=""))
    dup = patients.register_patient(admin_ctx, patient(phone="(518) 555-0177"), duplicate_override_reason="test")
    rita_form = patients.open_patient(frontdesk_ctx, keep.id)
    merge.merge_patients(admin_ctx, keep.id, dup.id)  # fills the survivor's empty phone from the duplicate
    # Rita's form still has no phone: saving it as it is would silently drop the merged one
    with pytest.raises(ChangedMeanwhile, match="^Ada Admin changed this patient on 03/04/2030 2:05 PM"):
        patients.update_patient(frontdesk_ctx, keep.id, patient(phone=""), version=rita_form.version)
    assert patients.open_patient(admin_ctx, keep.id).phone == "+15185550177"
