"""The "report received" step attaches the report to the patient's documents, linked to the referral (both
engines): one transaction, so a refused file leaves the referral open and no document behind."""

from __future__ import annotations

import pytest
from doc_testlib import MARKER, new_document, pdf_bytes
from ref_lib import TODAY, referral

from frontdesk.errors import ValidationError
from frontdesk.services.desk import referrals
from frontdesk.services.patients import documents

pytestmark = pytest.mark.both_engines


def test_the_report_is_attached_as_a_referral_result(clinic) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    detail = referrals.change_referral_status(clinic.desk, ref_id, "report_received", note="Faxed",
                                              report=new_document("echo.pdf", pdf_bytes(2), "correspondence", TODAY))
    assert detail.row.status == "report_received"
    [doc] = documents.list_documents(clinic.desk, clinic.patient_id)
    assert (doc.category, doc.referral_id, doc.page_count) == ("referral_result", ref_id, 2)
    assert doc.description == "Report from Dr. Priya Shah"
    assert MARKER in documents.open_document(clinic.desk, doc.id).data


def test_a_refused_report_refuses_the_step(clinic) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    with pytest.raises(ValidationError, match="password"):
        referrals.change_referral_status(clinic.desk, ref_id, "report_received",
                                         report=new_document("echo.pdf", pdf_bytes(password="x"), day=TODAY))
    assert referrals.get_referral(clinic.desk, ref_id).row.status == "requested"
    assert documents.list_documents(clinic.desk, clinic.patient_id, include_in_error=True) == []


def test_a_report_comes_only_with_the_report_received_step(clinic) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    with pytest.raises(ValidationError, match="Report received"):
        referrals.change_referral_status(clinic.desk, ref_id, "completed",
                                         report=new_document("echo.pdf", pdf_bytes(), day=TODAY))
    assert documents.list_documents(clinic.desk, clinic.patient_id) == []
