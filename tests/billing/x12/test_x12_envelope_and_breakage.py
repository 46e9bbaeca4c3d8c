"""Control numbers and counts in the envelope; pyx12 (and the app's file checks) catch broken files."""

from __future__ import annotations

import dataclasses

import pytest
from billing_support import sample_claim_form
from x12_helpers import (
    CONTROL,
    CREATED,
    SUBMITTER,
    assert_valid,
    find,
    render,
    segments,
)

from frontdesk.reports.x12_837p import ControlNumbers, validate_with_pyx12, write_837p
from frontdesk.reports.x12_837p.checks import file_checks


def test_control_numbers_reach_isa_gs_st_and_trailers() -> None:
    text = render([sample_claim_form()], control=ControlNumbers(interchange=987654321, group=123456789))
    isa = text.split("~")[0].split("*")
    assert len(text.split("~")[0]) == 105  # fixed-width ISA (106 with its terminator)
    assert isa[13] == "987654321" and isa[6] == "FDSUB01".ljust(15) and isa[15] == "T" and isa[16] == ":"
    assert find(text, "IEA")[0] == ["IEA", "1", "987654321"]
    assert find(text, "GS")[0][6] == "123456789" and find(text, "GE")[0] == ["GE", "1", "123456789"]
    assert find(text, "ST")[0][2] == "0001" and find(text, "SE")[0][2] == "0001"
    small = render([sample_claim_form()], control=ControlNumbers(interchange=5, group=5))
    assert small.split("*")[13] == "000000005"


def test_se01_counts_st_through_se() -> None:
    text = render([sample_claim_form(lines=3), sample_claim_form(lines=1, patient_control_number="B2")])
    rows = segments(text)
    start = next(i for i, row in enumerate(rows) if row[0] == "ST")
    end = next(i for i, row in enumerate(rows) if row[0] == "SE")
    assert rows[end][1] == str(end - start + 1)


@pytest.mark.parametrize("bad", [0, -1, 1_000_000_000])
def test_control_numbers_out_of_range_are_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        ControlNumbers(interchange=bad, group=1)


def test_production_indicator() -> None:
    text = render([sample_claim_form()], submitter=dataclasses.replace(SUBMITTER, usage_indicator="P"))
    assert text.split("*")[15] == "P"


def _tamper(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_wrong_se_count_is_invalid() -> None:
    text = render([sample_claim_form()])
    se = find(text, "SE")[0]
    broken = _tamper(text, f"SE*{se[1]}*", f"SE*{int(se[1]) + 1}*")
    assert validate_with_pyx12(broken)
    assert any("SE01" in p for p in file_checks(broken))


def test_missing_payer_name_segment_is_invalid() -> None:
    text = render([sample_claim_form()])
    payer = next(line for line in text.splitlines() if line.startswith("NM1*PR*"))
    broken = _tamper(text, payer + "\n", "")
    errors = validate_with_pyx12(broken)
    assert errors, "pyx12 accepted a claim without its payer (2010BB NM1)"


def test_mismatched_control_numbers_and_totals_are_caught() -> None:
    text = render([sample_claim_form()])
    broken = _tamper(text, "IEA*1*000004321", "IEA*1*000004322")
    assert validate_with_pyx12(broken)
    assert any("IEA02" in p for p in file_checks(broken))
    # pyx12 does not add up money; the app's file check does.
    total = find(text, "CLM")[0][2]
    wrong_total = _tamper(text, f"*{total}***", f"*{int(total) + 1}***")
    assert any("not the sum of its lines" in p for p in file_checks(wrong_total))


def test_bad_code_value_and_garbage_are_invalid() -> None:
    text = render([sample_claim_form()])
    assert validate_with_pyx12(_tamper(text, "HL*1**20*1", "HL*1**99*1"))
    assert validate_with_pyx12("ISA*not an interchange~")


def test_valid_file_on_disk_written_atomically(tmp_path) -> None:
    out = tmp_path / "batch.837"
    count = write_837p([sample_claim_form(), sample_claim_form(patient_control_number="B77")],
                       submitter=SUBMITTER, control=CONTROL, created_at=CREATED, out=out)
    assert count == 2
    assert_valid(out.read_text(encoding="ascii"))
    assert validate_with_pyx12(out) == []
    assert list(tmp_path.iterdir()) == [out]  # no temp file left behind


def test_failed_write_leaves_nothing(tmp_path) -> None:
    from frontdesk.errors import StorageError

    out = tmp_path / "missing-folder" / "batch.837"
    with pytest.raises(StorageError):
        write_837p([sample_claim_form()], submitter=SUBMITTER, control=CONTROL, created_at=CREATED, out=out)
    assert not out.parent.exists()


def test_no_claims_is_refused() -> None:
    with pytest.raises(ValueError):
        render([])
