"""270 export and 271 import through the services, on a real encrypted practice (no Qt)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from elig_support import DAY, build_schedule, fixture_271

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import EligibilityRequest
from frontdesk.reports.x12_270 import validate_eligibility_file
from frontdesk.services.admin import audit
from frontdesk.services.patients import eligibility, eligibility_files


@pytest.fixture
def schedule(admin_ctx, db):  # type: ignore[no-untyped-def]
    return build_schedule(admin_ctx, db)


def _segments(path) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [line.rstrip("~").split("*") for line in path.read_text(encoding="ascii").splitlines()]


def _traces(db) -> dict[int, str]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return {r.patient_id: r.trace_number for r in s.query(EligibilityRequest)}


def test_export_asks_about_insured_scheduled_patients_only(schedule, frontdesk_ctx, admin_ctx, tmp_path, db) -> None:
    out = tmp_path / "elig.270"
    result = eligibility_files.export_270(frontdesk_ctx, str(out), DAY)
    assert validate_eligibility_file(out.read_text(encoding="ascii")) == []
    segs = _segments(out)
    assert [s[0] for s in segs].count("ST") == 1 and [s[0] for s in segs].count("ISA") == 1
    assert result.inquiries == 2  # Jane once (two visits), Tom; Sam is self-pay
    hl = [(s[1], s[2], s[3], s[4]) for s in segs if s[0] == "HL"]
    assert hl == [("1", "", "20", "1"), ("2", "1", "21", "1"), ("3", "2", "22", "0"), ("4", "2", "22", "1"),
                  ("5", "4", "23", "0")]
    names = [s for s in segs if s[0] == "NM1"]
    assert [n[1] for n in names] == ["PR", "1P", "IL", "IL", "03"]
    assert names[2][3:5] == ["DOE", "JANE"] and names[2][8:] == ["MI", "W123456789"]
    assert names[3][3:5] == ["ROE", "RICK"] and names[4][3:5] == ["ROE", "TOM"]  # Tom is the dependent
    assert len(names[4]) == 5  # a dependent carries no member id of its own here
    assert [s for s in segs if s[0] == "EQ"] == [["EQ", "30"], ["EQ", "30"]]
    assert [s[3] for s in segs if s[0] == "DTP"] == [DAY.strftime("%Y%m%d")] * 2
    traces = _traces(db)
    assert set(traces) == {schedule.jane, schedule.tom}
    assert [s[2] for s in segs if s[0] == "TRN"] == [traces[schedule.jane], traces[schedule.tom]]
    gs = next(s for s in segs if s[0] == "GS")
    assert gs[1] == "HS" and gs[8] == "005010X279A1"
    rows = audit.list_events(admin_ctx, audit.AuditFilter(action="eligibility.export_270"))
    assert [r.detail for r in rows] == [f"2 inquiries, interchange {result.interchange_control_number}"]


def test_interchange_numbers_are_unique_across_exports(schedule, frontdesk_ctx, tmp_path) -> None:
    first = eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    second = eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "b.270"), DAY, DAY + timedelta(days=2))
    assert second.interchange_control_number == first.interchange_control_number + 1
    isa = _segments(tmp_path / "b.270")[0]
    assert isa[13] == f"{second.interchange_control_number:09d}"


def test_export_without_insured_patients_writes_nothing(schedule, frontdesk_ctx, tmp_path) -> None:
    with pytest.raises(ConflictError):
        eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "none.270"), DAY + timedelta(days=3))
    assert not (tmp_path / "none.270").exists()


def _import(ctx, tmp_path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="ascii")
    return eligibility_files.import_271(ctx, str(path))


def test_import_records_active_coverage_with_costs(schedule, frontdesk_ctx, tmp_path, db) -> None:
    eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    trace = _traces(db)[schedule.jane]
    result = _import(frontdesk_ctx, tmp_path, "a.271", fixture_271(
        "active_copay.271", REFERENCE="1", TRACE=trace, LAST="DOE", FIRST="JANE", MEMBER="W123456789",
        DOB="19620314", DATE=DAY.strftime("%Y%m%d")))
    assert [m.patient_id for m in result.matched] == [schedule.jane] and result.unmatched == ()
    check = eligibility.list_checks(frontdesk_ctx, schedule.jane_policy)[0]
    assert (check.source, check.method_label, check.result, check.checked_on) == ("271", "271 file", "active", DAY)
    assert (check.plan_name, check.copay_cents, check.coinsurance_basis_points,
            check.deductible_remaining_cents) == ("ACME GOLD PPO", 2500, 2000, 35050)
    assert check.benefits_text == ("plan ACME GOLD PPO; office visit copay $25.00; coinsurance 20%; "
                                   "deductible left $350.50")


def test_import_records_inactive_and_rejection_in_words(schedule, frontdesk_ctx, tmp_path, db) -> None:
    eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    traces = _traces(db)
    result = _import(frontdesk_ctx, tmp_path, "b.271", fixture_271(
        "inactive_and_rejected.271", REFERENCE="1", TRACE1=traces[schedule.jane], TRACE2=traces[schedule.tom],
        DATE=DAY.strftime("%Y%m%d")))
    assert {m.patient_id: m.result for m in result.matched} == {schedule.jane: "inactive", schedule.tom: "other"}
    assert result.rejections == 1
    tom = eligibility.list_checks(frontdesk_ctx, schedule.tom_policy)[0]
    assert tom.rejection_code == "71" and tom.checked_on == DAY  # the date asked, from the 270's request
    assert tom.note == "Rejected: date of birth does not match the payer's record (71); correct and resubmit"


def test_unknown_answers_are_kept_until_resolved(schedule, frontdesk_ctx, tmp_path) -> None:
    result = _import(frontdesk_ctx, tmp_path, "c.271", fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d")))
    # Jane's answer carries an unknown trace number but her member id, name and birth date match.
    assert [m.patient_id for m in result.matched] == [schedule.jane]
    [stranger] = result.unmatched
    assert (stranger.last_name, stranger.member_id, stranger.result) == ("STRANGER", "Z000000001", "not_found")
    assert stranger.summary == "Rejected: subscriber not found (75); correct and resubmit"
    assert [u.id for u in eligibility_files.list_unmatched(frontdesk_ctx)] == [stranger.id]
    done = eligibility_files.resolve_unmatched(frontdesk_ctx, stranger.id, "Not our patient; called the payer")
    assert done.resolved_at is not None
    assert eligibility_files.list_unmatched(frontdesk_ctx) == []
    assert len(eligibility_files.list_unmatched(frontdesk_ctx, include_resolved=True)) == 1


def test_same_file_twice_is_refused(schedule, frontdesk_ctx, tmp_path) -> None:
    text = fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d"))
    _import(frontdesk_ctx, tmp_path, "c.271", text)
    with pytest.raises(ConflictError, match="already imported on"):
        _import(frontdesk_ctx, tmp_path, "again.271", text)


def test_a_file_that_is_not_a_271_is_refused_naming_the_segment(schedule, frontdesk_ctx, tmp_path) -> None:
    eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    with pytest.raises(ValidationError, match="ST01 is '270'"):
        eligibility_files.import_271(frontdesk_ctx, str(tmp_path / "a.270"))
    broken = fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d")).replace("EB*1*IND*30", "EB*9Z*IND*30")
    with pytest.raises(ValidationError, match="EB line 19"):
        _import(frontdesk_ctx, tmp_path, "broken.271", broken)
    assert eligibility_files.list_unmatched(frontdesk_ctx) == []  # nothing of a refused file is kept


def test_importing_needs_the_eligibility_permission(schedule, anon_ctx, tmp_path) -> None:
    with pytest.raises(PermissionDenied):
        _import(anon_ctx, tmp_path, "c.271", fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d")))


def test_a_payer_that_cannot_answer_is_listed_not_dropped(schedule, frontdesk_ctx, tmp_path) -> None:
    result = _import(frontdesk_ctx, tmp_path, "d.271", fixture_271("payer_rejects.271", REFERENCE="9"))
    assert result.matched == () and result.rejections == 1
    [whole] = result.unmatched
    assert (whole.payer_name, whole.last_name, whole.result) == ("ACME HEALTH PLAN", "", "other")
    assert whole.summary == "Rejected: the payer cannot respond at this time (42); resubmit the original inquiry"


def test_cancelled_visits_are_not_asked_about(schedule, frontdesk_ctx, tmp_path, db) -> None:
    from frontdesk.models import Appointment

    with db.session(write=True) as s:
        for appt in s.query(Appointment).filter_by(patient_id=schedule.tom):
            appt.status = "cancelled"
    result = eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    assert result.inquiries == 1 and set(_traces(db)) == {schedule.jane}


def test_a_paper_only_payer_is_left_out_and_said_so(schedule, admin_ctx, frontdesk_ctx, tmp_path, db) -> None:
    from frontdesk.models import Patient
    from frontdesk.services.billing import payers
    from frontdesk.services.billing.payers import PayerInput
    from frontdesk.services.patients import insurance
    from frontdesk.services.patients.insurance import PolicyInput

    paper = payers.add_payer(admin_ctx, PayerInput(name="Paper Mutual", claim_type="other")).id
    insurance.add_policy(admin_ctx, schedule.sam, PolicyInput(payer_id=paper, rank=1, member_id="P1",
                                                              effective_date=DAY - timedelta(days=30)))
    result = eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    with db.session(write=False) as s:
        account = s.get(Patient, schedule.sam).account_number
    assert result.inquiries == 2
    assert result.left_out == (f"Account {account}: Paper Mutual has no electronic payer ID (Admin, Payers)",)


def test_270s_and_837ps_share_one_interchange_sequence(schedule, frontdesk_ctx, tmp_path, db) -> None:
    from frontdesk.models import ClaimBatch
    from frontdesk.services._x12_files import next_interchange_number

    with db.session(write=True) as s:
        s.add(ClaimBatch(kind="x12_837p", interchange_control_number=500, group_control_number=500))
    result = eligibility_files.export_270(frontdesk_ctx, str(tmp_path / "a.270"), DAY)
    assert result.interchange_control_number == 501  # after the last 837P
    with db.session(write=False) as s:
        assert next_interchange_number(s) == 502  # and the next 837P comes after this 270
