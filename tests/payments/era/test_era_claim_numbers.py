"""CLM01 has one rule (domain/claim_numbers.py): the claim builder writes it and the 835 matcher reads it back."""

from __future__ import annotations

from pathlib import Path

from era_lib import remittance
from pay_lib import Clinic

from frontdesk.domain.claim_numbers import claim_id_in, control_number, is_control_number
from frontdesk.models import Patient
from frontdesk.services.payments import era_import
from frontdesk.services.payments.era_types import MATCHED

SERVICES = Path(__file__).resolve().parents[3] / "src" / "frontdesk" / "services"


def test_the_rule_reads_back_what_it_writes() -> None:
    assert control_number("ab-12 x", 7) == "AB12XC7" and claim_id_in("ab12xc7") == 7
    long = control_number("A" * 30, 123456)
    assert long == ("A" * 30 + "C123456")[-20:] and claim_id_in(long) == 123456
    assert is_control_number(" ab12xc7 ", "ab-12 x", 7) and not is_control_number("AB12XC7", "ab-12 x", 8)
    assert claim_id_in("NOCLAIM") is None and claim_id_in("") is None


def test_builder_and_matcher_both_use_the_one_rule() -> None:
    for module in ("billing/_claim_build.py", "payments/_era_match.py"):
        source = (SERVICES / module).read_text(encoding="utf-8")
        assert "from frontdesk.domain.claim_numbers import" in source, module
        assert "isalnum()" not in source, module  # the rule itself is written in one place only


def test_an_account_with_punctuation_matches_by_the_shared_rule(billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    with db.session(write=True) as s:
        s.get(Patient, pid).account_number = "ab-77"
    visit = clinic.visit(pid, (12500, 4000))
    [check] = era_import.preview_era(billing_ctx, remittance(
        "paid.835", pcn=control_number("ab-77", visit.claim_ids[0]))).checks
    assert [(c.match, c.claim_id) for c in check.claims] == [(MATCHED, visit.claim_ids[0])]
