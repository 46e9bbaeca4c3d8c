"""The check-in's insurance step shows a 271 answer in words: plan, visit costs, or the payer's rejection."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from testsupport import practice_today

from frontdesk.services.patients.eligibility import EligibilityCheckInfo
from frontdesk.ui.patients.insurance_models import check_text

DAY = practice_today() + timedelta(days=1)
NOW = datetime.combine(practice_today(), time(15), tzinfo=UTC)
SHOWN = DAY.strftime("%m/%d/%Y")


def test_an_active_271_answer_shows_plan_and_costs() -> None:
    check = EligibilityCheckInfo(1, 1, DAY, "rita", "271", "", "FD0000000010001", "active", "", NOW, "271",
                                 "ACME GOLD PPO", 2500, 2000, 35050, "")
    assert check_text(check) == (f"{SHOWN} by 271 file: Active; plan ACME GOLD PPO; office visit copay $25.00; "
                                 "coinsurance 20%; deductible left $350.50, ref FD0000000010001 (rita)")


def test_a_rejected_271_answer_shows_the_reason() -> None:
    reason = "Rejected: subscriber not found (75); correct and resubmit"
    check = EligibilityCheckInfo(1, 1, DAY, "rita", "271", "", "", "not_found", reason, NOW, "271",
                                 rejection_code="75")
    assert check_text(check) == f"{SHOWN} by 271 file: Not found; {reason} (rita)"
