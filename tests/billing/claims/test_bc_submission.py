"""Printing and exporting claim batches: what gets submitted, what is refused, what stays untouched."""

from __future__ import annotations

import pdfplumber
import pytest
from bc_testlib import BillingClinic, electronic_ready, header, line

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import ClaimBatch
from frontdesk.reports import cms1500
from frontdesk.reports.x12_837p import validate_with_pyx12
from frontdesk.services.admin import audit
from frontdesk.services.billing import billing_settings, claim_submission, claims, encounters


def _ready_claim(clinic: BillingClinic, code: str = "99213") -> int:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line(code, pointers="A"))
    [row] = claims.create_claims(clinic.biller, enc.id)
    assert row.status == "ready", claims.claim_problems(clinic.biller, row.id)
    return row.id


def _statuses(clinic: BillingClinic, *ids: int) -> list[str]:
    return [claims.get_claim(clinic.biller, i).row.status for i in ids]


def test_printing_ready_claims_submits_them_in_one_batch(clinic: BillingClinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first, second = _ready_claim(clinic), _ready_claim(clinic, "90471")
    out = tmp_path / "claims.pdf"
    batch = claim_submission.print_claims(clinic.biller, str(out), mode="data")
    assert batch.claim_ids == (first, second) and batch.pages == 2 and batch.kind == "paper"
    assert batch.total_cents == 12500 + 2500
    assert _statuses(clinic, first, second) == ["submitted", "submitted"]
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2
        assert "J069" in pdf.pages[0].extract_text()
    with pytest.raises(ConflictError, match="no ready claims"):
        claim_submission.print_claims(clinic.biller, str(tmp_path / "again.pdf"))
    events = audit.list_events(clinic.admin, audit.AuditFilter(action="claims.print"))
    assert len(events) == 1 and "2 claims" in events[0].detail


def test_a_claim_that_fails_the_scrubber_is_never_submitted(clinic: BillingClinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good, bad = _ready_claim(clinic), _ready_claim(clinic)
    # The provider record loses its NPI check digit after the claim was found ready (bad data from elsewhere).
    with clinic.admin.db.session(write=True) as session:
        from frontdesk.models import Provider

        session.get(Provider, clinic.provider_id).npi = "1245319590"
    with pytest.raises(ConflictError):
        claim_submission.print_claims(clinic.biller, str(tmp_path / "x.pdf"), claim_ids=[good, bad])
    assert _statuses(clinic, good, bad) == ["ready", "ready"]  # nothing half-submitted
    assert not (tmp_path / "x.pdf").exists()
    with clinic.admin.db.session(write=False) as session:
        assert session.query(ClaimBatch).count() == 0


def test_a_failed_print_leaves_the_claims_ready(clinic: BillingClinic, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    claim_id = _ready_claim(clinic)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cms1500, "render_claims", broken)
    with pytest.raises(OSError):
        claim_submission.print_claims(clinic.biller, str(tmp_path / "x.pdf"))
    assert _statuses(clinic, claim_id) == ["ready"]


def test_bad_requests_name_what_is_wrong(clinic: BillingClinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    claim_id = _ready_claim(clinic)
    with pytest.raises(ValidationError) as folder:
        claim_submission.print_claims(clinic.biller, str(tmp_path / "missing" / "x.pdf"))
    assert folder.value.field == "out_path"
    with pytest.raises(ValidationError) as mode:
        claim_submission.print_claims(clinic.biller, str(tmp_path / "x.pdf"), mode="fancy")
    assert mode.value.field == "mode"
    with pytest.raises(PermissionDenied):
        claim_submission.print_claims(clinic.desk, str(tmp_path / "x.pdf"))
    claim_submission.print_claims(clinic.biller, str(tmp_path / "x.pdf"), claim_ids=[claim_id])
    with pytest.raises(ConflictError, match="not ready"):
        claim_submission.print_claims(clinic.biller, str(tmp_path / "y.pdf"), claim_ids=[claim_id])


def test_export_837p_numbers_each_file_and_validates(clinic: BillingClinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _ready_claim(clinic)
    with pytest.raises(ValidationError) as unset:
        claim_submission.export_837p(clinic.biller, str(tmp_path / "a.837"))
    assert unset.value.field == "submitter_id"
    billing_settings.update_billing_settings(clinic.admin, submitter_id="SUB123", submitter_name="Maple Billing",
                                             contact_name="Ben Biller", contact_phone="(217) 555-0100",
                                             receiver_id="REC999", receiver_name="Clearing House")
    with pytest.raises(ConflictError, match="ZIP"):  # the billing address has 5 digits; the 837P needs ZIP+4
        claim_submission.export_837p(clinic.biller, str(tmp_path / "a.837"))
    assert _statuses(clinic, first) == ["ready"]
    electronic_ready(clinic)
    one = claim_submission.export_837p(clinic.biller, str(tmp_path / "a.837"))
    second = _ready_claim(clinic, "90471")
    two = claim_submission.export_837p(clinic.biller, str(tmp_path / "b.837"))
    assert (one.interchange_control_number, two.interchange_control_number) == (1, 2)
    assert one.claim_ids == (first,) and two.claim_ids == (second,)
    for name, number in (("a.837", 1), ("b.837", 2)):
        text = (tmp_path / name).read_text(encoding="ascii")
        assert validate_with_pyx12(text) == []
        assert f"*{number:09d}*" in text.split("~", 1)[0]  # ISA13
    assert _statuses(clinic, first, second) == ["submitted", "submitted"]


def test_copies_and_the_alignment_page_change_nothing(clinic: BillingClinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    claim_id = _ready_claim(clinic)
    out = claim_submission.print_claim_copy(clinic.desk, claim_id, str(tmp_path / "copy.pdf"), mode="full")
    assert _statuses(clinic, claim_id) == ["ready"]
    with pdfplumber.open(out) as pdf:
        assert "PATIENT'S NAME" in pdf.pages[0].extract_text()
    copies = claim_submission.print_claim_copies(clinic.biller, str(tmp_path / "copies.pdf"), status="ready")
    assert (copies.claims, copies.pages) == (1, 1) and _statuses(clinic, claim_id) == ["ready"]
    with pytest.raises(ValidationError) as status:
        claim_submission.print_claim_copies(clinic.biller, str(tmp_path / "c.pdf"), status="lost")
    assert status.value.field == "status"
    with pytest.raises(ConflictError):
        claim_submission.print_claim_copies(clinic.biller, str(tmp_path / "c.pdf"), status="denied")
    page = claim_submission.print_alignment_page(clinic.desk, str(tmp_path / "align.pdf"),
                                                 offsets=cms1500.PrintOffsets(5, -3))
    with pdfplumber.open(page) as pdf:
        assert len(pdf.pages) == 1
    assert [e.action for e in audit.list_events(clinic.admin, audit.AuditFilter(action="claim.print_copy"))] == ["claim.print_copy"]
