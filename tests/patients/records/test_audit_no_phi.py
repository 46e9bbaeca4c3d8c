"""The audit trail says who opened or changed which patient and which fields, never the values (no PHI)."""

from __future__ import annotations

from dataclasses import replace

from pc_lib import audit_rows, basic, full

from frontdesk.services.patients import contact_history, family, merge, patients
from frontdesk.services.patients.family import GuarantorInput

CANARY = "Quillfeather"  # appears in every value below, so any leak of any value shows


def _canary_patient() -> patients.PatientInput:
    return full(first_name=f"{CANARY}a", last_name=f"{CANARY}b", middle_name=f"{CANARY}c", suffix="III",
                preferred_name=f"{CANARY}d", gender_identity=f"{CANARY} identity", address_line1=f"1 {CANARY} Lane",
                address_line2=f"{CANARY} suite", city=f"{CANARY}ville", email=f"{CANARY.lower()}@example.com",
                preferred_language=f"{CANARY}ish", emergency_name=f"{CANARY} Friend",
                emergency_relationship=f"{CANARY} pal", referring_name=f"Dr. {CANARY}",
                notes=f"{CANARY} likes mornings")


def test_no_audit_detail_holds_a_patient_value(admin_ctx) -> None:
    record = patients.register_patient(admin_ctx, _canary_patient())
    twin = patients.register_patient(admin_ctx, replace(_canary_patient(), first_name=f"{CANARY}e"),
                                     duplicate_override_reason=f"{CANARY}: the desk says it is a twin")
    patients.open_patient(admin_ctx, record.id)
    patients.update_patient(admin_ctx, record.id, replace(_canary_patient(), city=f"New {CANARY}ville",
                                                          notes=f"{CANARY} moved", home_phone="(518) 555-0199"))
    family.set_guarantor_person(admin_ctx, record.id, GuarantorInput(
        first_name=CANARY, last_name=CANARY, address_line1=f"2 {CANARY} Road", city=CANARY, state="NY",
        zip_code="12207"), "child")
    family.copy_guarantor_contact(admin_ctx, record.id)
    family.link_family(admin_ctx, twin.id, record.id)
    contact_history.add_contact_note(admin_ctx, record.id, f"{CANARY} called", kind="call")
    merge.merge_patients(admin_ctx, record.id, twin.id)
    events = audit_rows(admin_ctx)
    assert {"patient.create", "patient.view", "patient.update", "patient.merge", "contact.add"} <= {
        e.action for e in events}
    for event in events:
        for value in (event.detail, event.entity_id, event.entity_type, event.action):
            assert CANARY.lower() not in value.lower(), event
            assert "5185550199" not in value and "555-0199" not in value, event
    updates = [e.detail for e in audit_rows(admin_ctx, "patient.update", patient_id=record.id)]
    assert "fields: city, home_phone, notes" in updates


def test_opening_a_patient_writes_a_view_event(admin_ctx, frontdesk_ctx) -> None:
    record = patients.register_patient(admin_ctx, basic())
    patients.open_patient(frontdesk_ctx, record.id)
    [event] = audit_rows(admin_ctx, "patient.view")
    assert (event.username, event.patient_id, event.entity_type, event.entity_id) == (
        "rita", record.id, "patient", str(record.id))
