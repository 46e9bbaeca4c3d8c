"""Member ids in the 837P: a Medicare MBI goes out as its 11 characters (2010BA and 2330A NM109), no dashes."""

from __future__ import annotations

import dataclasses

from billing_support import sample_claim_form, sample_secondary_form
from x12_helpers import assert_valid, find, render

from frontdesk.reports.x12_837p import own_checks


def _member_ids(text: str) -> list[str]:
    return [row[9] for row in find(text, "NM1") if row[1] == "IL"]


def test_a_medicare_mbi_is_sent_without_its_dashes_and_spaces() -> None:
    base = sample_claim_form(claim_type="medicare", insured_id="1eg4-te5 mk73", insured_group="")
    form = dataclasses.replace(base, relationship="self", insured=base.patient)
    assert own_checks([form]) == []
    text = render([form])
    assert_valid(text)
    assert _member_ids(text) == ["1EG4TE5MK73"]
    assert find(text, "SBR")[0][9] == "MB"


def test_medicare_as_the_earlier_payer_sends_its_mbi_in_2330a() -> None:
    base = sample_secondary_form()
    other = dataclasses.replace(base.other_coverage, member_id="2XU0-XC8-KG71", claim_type="medicare")
    form = dataclasses.replace(base, other_coverage=other)
    assert own_checks([form]) == []
    text = render([form])
    assert_valid(text)
    assert _member_ids(text) == ["MG998877", "2XU0XC8KG71"]  # 2010BA (the Medigap id), then 2330A


def test_other_payers_ids_keep_their_dashes() -> None:
    text = render([sample_claim_form(insured_id="XJH-123456789")])
    assert _member_ids(text) == ["XJH-123456789"]


def test_a_malformed_mbi_saved_before_the_entry_check_is_a_problem_to_fix() -> None:
    problems = own_checks([sample_claim_form(claim_type="medicare", insured_id="123456789A")])
    assert any("the insured's Medicare ID (box 1a) is not a valid MBI: a Medicare MBI has 11 letters and digits"
               in p for p in problems)
    base = sample_secondary_form()
    other = dataclasses.replace(base.other_coverage, member_id="2SU0-XC8-KG71", claim_type="medicare")
    problems = own_checks([dataclasses.replace(base, other_coverage=other)])
    assert any("other insured's Medicare ID (box 9a) is not a valid MBI: character 2" in p for p in problems)
