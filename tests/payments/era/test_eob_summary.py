"""The EOB summary PDF of a claim posted from an 835: per line charge, allowed, paid, adjustments, remarks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from era_lib import control_number, remittance
from pay_lib import Clinic
from sqlalchemy import select

from frontdesk.errors import ConflictError
from frontdesk.models import AuditEvent
from frontdesk.services.payments import eob_summaries, era_import


def test_the_summary_of_a_partly_paid_claim_lists_every_adjustment(billing_ctx, clinic: Clinic, db,
                                                                   tmp_path: Path) -> None:
    visit = clinic.visit(clinic.patient("O'Brien & <Sons>", "Ann"), (12500, 4000))
    pcn = control_number(db, visit.claim_ids[0])
    with pytest.raises(ConflictError, match="no EOB to summarize"):
        eob_summaries.eob_summary(billing_ctx, visit.claim_ids[0])
    result = era_import.post_era(billing_ctx, remittance("partial.835", pcn=pcn))
    data = eob_summaries.eob_summary(billing_ctx, visit.claim_ids[0])
    assert (data.payment_number, data.payer_claim_number, data.claim_status) == ("CHK500102", "BPH2611200002", "paid")
    assert (data.total_charge, data.total_paid, data.total_patient_responsibility, data.total_adjusted) == (
        Decimal(165), Decimal(70), Decimal(60), Decimal(35))
    out = tmp_path / "eob.pdf"
    eob_summaries.write_eob_summary_pdf(billing_ctx, visit.claim_ids[0], out, insurance_payment_id=result.payment.id)
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_text()
    for expected in ("Explanation of benefits: summary", "Blue Prairie Health", "CHK500102", "11/20/2026",
                     "Ann O'Brien & <Sons>", "99213", "$125.00", "$100.00", "$50.00", "CO-45 $25.00", "PR-1 $30.00",
                     "PR-2 $10.00", "PR-3 $10.00", "Remarks N130", "Totals", "$165.00", "$70.00", "$60.00",
                     "Adjusted $35.00", "PR-1 Deductible"):
        assert expected in words, expected
    with db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "claim.eob_summary")) == \
            "EOB summary printed"
