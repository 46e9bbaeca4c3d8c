"""The 837P's coordination-of-benefits loops: CAS grouping, remaining liability, and the balance checks."""

# Fixed dates are data here: they are written into the file as given, never compared with today.

from __future__ import annotations

import dataclasses

from billing_support import sample_claim_form, sample_secondary_form
from x12_helpers import assert_valid, find, render, segments

from frontdesk.domain.claim_form import Adjustment
from frontdesk.reports.x12_837p import own_checks
from frontdesk.reports.x12_837p.checks import file_checks
from frontdesk.reports.x12_837p.cob import cas_elements


def test_one_cas_per_group_six_reasons_each_in_the_guides_order() -> None:
    adjustments = [Adjustment("PR", "2", 500), Adjustment("CO", "45", 1000)] + [
        Adjustment("OA", str(reason), 100) for reason in range(10, 18)]
    assert cas_elements(adjustments) == [
        ["CO", "45", "10", ""],
        ["OA", "10", "1", "", "11", "1", "", "12", "1", "", "13", "1", "", "14", "1", "", "15", "1", ""],
        ["OA", "16", "1", "", "17", "1", ""],  # a seventh OA reason: the group repeats in a second segment
        ["PR", "2", "5", ""],
    ]


def test_a_reversal_nets_out_and_zero_adjustments_are_not_sent() -> None:
    adjustments = [Adjustment("CO", "45", 2500), Adjustment("PR", "1", 3000), Adjustment("PR", "1", -3000),
                   Adjustment("CO", "45", -500)]
    assert cas_elements(adjustments) == [["CO", "45", "20", ""]]


def test_many_adjustments_on_a_line_stay_valid_and_balanced() -> None:
    base = sample_secondary_form()
    many = (Adjustment("CO", "45", 1000), Adjustment("CO", "253", 200), Adjustment("OA", "94", 300),
            Adjustment("PI", "104", 500), Adjustment("PR", "1", 1000), Adjustment("PR", "2", 1000),
            Adjustment("PR", "3", 500))
    first = dataclasses.replace(base.lines[0], prior_adjustments=many)
    form = dataclasses.replace(base, lines=(first, base.lines[1]))
    assert own_checks([form]) == []
    text = render([form])
    assert_valid(text)
    assert ["CAS", "PR", "1", "10", "", "2", "10", "", "3", "5"] in segments(text)
    assert find(text, "AMT")[1:3] == [["AMT", "EAF", "25"], ["AMT", "EAF", "20"]]  # PR per line, not in 2320


def test_a_line_that_does_not_balance_is_named() -> None:
    base = sample_secondary_form()
    short = dataclasses.replace(base.lines[1], prior_adjustments=(Adjustment("CO", "45", 3500),))
    problems = own_checks([dataclasses.replace(base, lines=(base.lines[0], short))])
    assert any("line 2: Blue Prairie Health paid $80.00 and adjusted $35.00, which does not add up to the charge "
               "$135.00" in p for p in problems)
    assert any("does not add up to the total charge $260.00" in p for p in problems)
    # The re-read of a written file finds the same gap, whatever the claim data said.
    text = render([dataclasses.replace(base, lines=(base.lines[0], short))])
    found = file_checks(text)
    assert any("line 2: charge 135 is not paid 80 + adjustments 35" in p for p in found)
    assert any("CLM02 260 is not the other payer's paid 160 + its adjustments 80 (BPH01)" in p for p in found)


def test_a_claim_level_decision_must_balance_too() -> None:
    base = sample_secondary_form()
    lines = tuple(dataclasses.replace(line, prior_paid_cents=0, prior_adjustments=()) for line in base.lines)
    other = dataclasses.replace(base.other_coverage, claim_adjustments=(Adjustment("CO", "45", 6000),))
    problems = own_checks([dataclasses.replace(base, lines=lines, other_coverage=other)])
    assert any("Blue Prairie Health paid $160.00 and adjusted $60.00, which does not add up to the total charge "
               "$260.00" in p for p in problems)


def test_a_secondary_without_the_primarys_date_asks_for_its_eob() -> None:
    base = sample_secondary_form()
    form = dataclasses.replace(base, other_coverage=dataclasses.replace(base.other_coverage, paid_date=None))
    assert any("Blue Prairie Health's decision on this visit is not posted; post its EOB" in p
               for p in own_checks([form]))


def test_a_line_the_primary_did_not_decide_cannot_be_sent_as_balanced() -> None:
    base = sample_secondary_form()
    undecided = dataclasses.replace(base.lines[1], prior_paid_cents=0, prior_adjustments=())
    other = dataclasses.replace(base.other_coverage, paid_cents=8000)
    problems = own_checks([dataclasses.replace(base, lines=(base.lines[0], undecided), other_coverage=other)])
    assert any("line 2: Blue Prairie Health paid $0.00 and adjusted $0.00" in p for p in problems)


def test_a_primary_claim_sends_the_known_secondary_but_no_decision() -> None:
    # 2320/2330A/2330B are required on a primary claim when another payer is known (box 9); with no decision
    # yet there is no CAS, AMT or DTP*573, and no 2430.
    base = sample_secondary_form()
    other = dataclasses.replace(base.other_coverage, payer_rank=2, payer_name="Heartland Medigap", payer_id="HMG22")
    lines = tuple(dataclasses.replace(line, prior_paid_cents=0, prior_adjustments=()) for line in base.lines)
    form = dataclasses.replace(sample_claim_form(), other_coverage=dataclasses.replace(other, paid_cents=0), lines=lines)
    assert own_checks([form]) == []
    text = render([form])
    assert_valid(text)
    assert [row[1] for row in find(text, "SBR")] == ["P", "S"]
    assert not find(text, "CAS") and not find(text, "AMT") and not find(text, "SVD")
    assert not [row for row in segments(text) if row[:2] == ["DTP", "573"]]
