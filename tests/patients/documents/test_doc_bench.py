"""The patient-document benchmark case runs end to end on a small encrypted practice (the real run: 25 MB)."""

from __future__ import annotations

import pytest

from frontdesk.bench import document_cases
from frontdesk.services.patients import documents


@pytest.mark.both_engines
def test_the_open_case_attaches_a_scanned_pdf_and_times_opening_it(practice, frontdesk_ctx, patient_id) -> None:
    target = 3 * 1024 * 1024
    case = document_cases.case_document_open(practice.db, frontdesk_ctx, 2, target_bytes=target)
    assert case.name == "document_open_first_page" and case.runs == 2 and case.target_ms == 1000.0
    assert case.median_ms > 0 and case.baseline_median_ms > 0
    [doc] = documents.list_documents(frontdesk_ctx, patient_id)  # a real document of the practice
    assert doc.size_bytes <= target and doc.page_count == case.extra["pages"] >= 1
