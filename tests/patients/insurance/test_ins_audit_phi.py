"""Audit rows name the fields that changed, never their values: canary insurance data never reaches them."""

from __future__ import annotations

from ins_testlib import TODAY, days, policy_input, spouse_policy, tiny_png

from frontdesk.services.admin import audit
from frontdesk.services.patients import consents, eligibility, insurance, insurance_cards, intake
from frontdesk.services.billing import payers
from frontdesk.services.patients.consents import ConsentInput
from frontdesk.services.patients.eligibility import CheckInput
from frontdesk.services.billing.payers import PayerInput

MEMBER = "ZQX-CANARY-4411"
GROUP = "GRPCANARY88"
SUB_FIRST, SUB_LAST = "Zyxwvutsq", "Quillfeatherson"
EMPLOYER = "Canarycorp Widgets"
CONTACT, REFERENCE = "Canarycontact Person", "CANREF-99812"
REP = "Canaryrep Guardian"
REASON = "Canaryreason forgot glasses"
NEEDLES = (MEMBER, "ZQXCANARY4411", GROUP, SUB_FIRST, SUB_LAST, EMPLOYER, CONTACT, REFERENCE, "Canaryrep",
           "Canaryreason", "Canarynote", "5185550177", "Canaryplan")


def test_no_insurance_value_ever_reaches_an_audit_row(practice, data_paths, admin_ctx, frontdesk_ctx, patient_id,
                                                      payer_id) -> None:
    ctx = frontdesk_ctx
    canary = spouse_policy(payer_id, member_id=MEMBER, group_number=GROUP, plan_name="Canaryplan Gold",
                           subscriber_first_name=SUB_FIRST, subscriber_last_name=SUB_LAST,
                           subscriber_employer=EMPLOYER, subscriber_phone="(518) 555-0177", copay="42.17")
    policy = insurance.add_policy(ctx, patient_id, canary)
    insurance.update_policy(ctx, policy.id, spouse_policy(
        payer_id, member_id=MEMBER + "9", group_number=GROUP + "9", plan_name="Canaryplan Silver",
        subscriber_first_name=SUB_FIRST + "a", subscriber_last_name=SUB_LAST + "b", subscriber_employer=EMPLOYER,
        subscriber_phone="(518) 555-0177", copay="43.17"))
    second = insurance.add_policy(ctx, patient_id, policy_input(payer_id, rank=2, member_id=MEMBER[:-1]))
    insurance.reorder_policies(ctx, patient_id, [second.id, policy.id])
    check = eligibility.log_check(ctx, policy.id, CheckInput(TODAY, "phone", "active", payer_contact=CONTACT,
                                                             reference_number=REFERENCE, note="Canarynote"))
    insurance_cards.attach_card_image(ctx, policy.id, "front", tiny_png(MEMBER.encode()))
    insurance_cards.get_card_image(ctx, policy.id, "front")
    insurance_cards.remove_card_image(ctx, policy.id, "front")
    npp = next(t for t in consents.list_consent_types(ctx) if t.code == "npp")
    consents.record_consent(ctx, patient_id, ConsentInput(npp.id, TODAY, signed_by="representative",
                                                          representative_name=REP,
                                                          representative_relationship="Canaryrep guardian"))
    visit = intake.start_intake(ctx, patient_id, appointment_id=3)
    intake.verify_insurance(ctx, visit.id, "eligibility", check_id=check.id)
    intake.confirm_consents(ctx, visit.id, override_reason=REASON)
    intake.set_copay_due(ctx, visit.id, "43.17")
    insurance.end_policy(ctx, second.id, days(0))
    payers.update_payer(admin_ctx, payer_id, PayerInput("Aetna", "group_health_plan", "60054",
                                                        phone="(518) 555-0177"))

    rows = audit.list_events(admin_ctx, audit.AuditFilter())
    assert len(rows) > 15
    text = "\n".join(f"{r.action} {r.entity_type} {r.entity_id} {r.detail}" for r in rows).lower()
    assert [n for n in NEEDLES if n.lower() in text] == []
    assert "42.17" not in text and "43.17" not in text and "4217" not in text
    # ...while the details still say what changed
    update = audit.list_events(admin_ctx, audit.AuditFilter(action="insurance.update"))[0]
    assert update.detail == ("fields: copay_cents, group_number, member_id, plan_name, subscriber_first_name, "
                             "subscriber_last_name")
    # and the database files themselves hold none of it in clear
    files = [p for p in data_paths.root.rglob("*") if p.is_file()]
    leaked = [(p.name, n) for p in files for n in (MEMBER, SUB_LAST, CONTACT, REASON)
              if n.encode() in p.read_bytes()]
    assert leaked == []
