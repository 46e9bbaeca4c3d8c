"""The referral letter PDF: everything the receiving office needs, and values can never inject markup."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from ref_lib import RefClinic, referral

from frontdesk.reports.referral_letter import write_referral_letter
from frontdesk.services.desk import referrals


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_letter_prints_letterhead_recipient_patient_reason_diagnoses_and_authorization(
        clinic: RefClinic, tmp_path: Path) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    data = referrals.referral_letter(clinic.desk, ref_id)
    out = tmp_path / "letter.pdf"
    write_referral_letter(data, out)
    text = _text(out)
    for expected in (data.practice_name, "11/20/2026", "Dr. Priya Shah", "Cardiology", "Fax (217) 555-0301",
                     "Consultation referral for Mary O'Brien-Smith", "03/07/1975", "(217) 555-0142",
                     "Palpitations, evaluate for arrhythmia", "R00.2", "I10", "AUTH-5521", "Visits allowed 3",
                     "Ava Carter, MD"):
        assert expected in text, expected
    assert not list(tmp_path.glob("*.tmp"))


def test_markup_in_any_value_is_printed_as_typed(clinic: RefClinic, tmp_path: Path) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(
        clinic, reason="<b>urgent</b> & <font color=red>now</font>", authorization_number="",
        visits_allowed=None, diagnoses=())).id
    out = tmp_path / "letter.pdf"
    write_referral_letter(referrals.referral_letter(clinic.desk, ref_id), out)
    text = _text(out)
    assert "<b>urgent</b> & <font color=red>now</font>" in text
    assert "Not required / not yet received" in text and "Not limited" in text and "Diagnoses" not in text
