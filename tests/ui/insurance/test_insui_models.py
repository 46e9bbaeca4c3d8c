"""Every table model of the insurance screens passes Qt's model tester; status words and sort keys."""

# Fixed dates are data here: the models get NOW as an argument.

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from insui_helpers import TODAY, days, us
from PySide6.QtCore import QSortFilterProxyModel, Qt

from frontdesk.services.billing.payers import PayerInfo
from frontdesk.services.patients._consent_rules import ConsentRecordInfo, ConsentStatus, ConsentTypeInfo
from frontdesk.services.patients.eligibility import EligibilityCheckInfo
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.ui.admin.consent_settings_tab import ConsentTypesModel, validity_text
from frontdesk.ui.admin.payers_tab import PayersModel
from frontdesk.ui.patients.consent_models import ConsentRow, ConsentStatusModel, consent_state_text
from frontdesk.ui.patients.insurance_models import ChecksModel, PoliciesModel, policy_status_text
from frontdesk.ui.widgets.models import MUTED_COLOUR, SORT_ROLE

NOW = datetime(2026, 3, 14, 19, 0, tzinfo=UTC)


def _policy(pid: int, rank: int, status: str, *, start=None, end=None, relationship="self") -> PolicyRecord:  # type: ignore[no-untyped-def]
    spouse = relationship != "self"
    return PolicyRecord(
        id=pid, patient_id=1, payer_id=1, payer_name=f"Payer {pid}", claim_type="other", rank=rank,
        member_id=f"M{pid}", group_number="", plan_name="", relationship=relationship,
        subscriber_first_name="John" if spouse else "", subscriber_middle_name="Q" if spouse else "",
        subscriber_last_name="Doe" if spouse else "", subscriber_dob=None, subscriber_sex="",
        subscriber_address_line1="", subscriber_address_line2="", subscriber_city="", subscriber_state="",
        subscriber_zip_code="", subscriber_phone="", subscriber_employer="", effective_date=start or days(-100),
        end_date=end, copay=Decimal("1234.50"), accept_assignment=True, release_signed_on=None,
        assignment_signed_on=None, updated_at=NOW, status=status, latest_check=None, card_sides=())


def _policies() -> list[PolicyRecord]:
    return [_policy(1, 1, "active"), _policy(2, 2, "future", start=days(30), relationship="spouse"),
            _policy(3, 1, "ended", start=days(-900), end=days(-200))]


def test_policies_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PoliciesModel()
    model.set_rows(_policies())
    qtmodeltester.check(model)
    assert [policy_status_text(p) for p in _policies()] == ["In effect", f"Starts {us(days(30))}",
                                                            f"Ended {us(days(-200))}"]
    assert model.index(1, 5).data() == "Doe, John Q. (Spouse)"
    assert model.index(0, 7).data() == "$1,234.50"
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) == MUTED_COLOUR
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 2).data() for r in range(3)] == ["M1", "M2", "M3"], "current by rank, then history"
    assert model.row_of(3) == 2 and model.row_of(99) == -1


def test_checks_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ChecksModel()
    model.set_rows([EligibilityCheckInfo(1, 1, TODAY, "rita", "fax", "", "F1", "not_found", "", NOW)])
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "Not found" and model.index(0, 1).data() == "Fax"


def _status(state: str, *, required: bool = True, version: str = "2026-01", expires=None) -> ConsentStatus:  # type: ignore[no-untyped-def]
    ctype = ConsentTypeInfo(7, "npp", "Notice", required, "2026-01", 12, True)
    record = None if state == "missing" else ConsentRecordInfo(
        1, 1, 7, "npp", "Notice", version, days(-10), "patient", "", "", expires, "rita", NOW)
    return ConsentStatus(ctype, state, record)


def test_consent_status_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    statuses = [_status("missing"), _status("outdated", version="2025-01"), _status("expired", expires=days(-1)),
                _status("expiring_soon", expires=days(10)), _status("ok"), _status("missing", required=False)]
    model = ConsentStatusModel()
    model.set_rows([ConsentRow(i, s) for i, s in enumerate(statuses)])
    qtmodeltester.check(model)
    assert [consent_state_text(s) for s in statuses] == [
        "Missing", "Outdated (signed v2025-01, current 2026-01)", f"Expired {us(days(-1))}",
        f"Expires soon {us(days(10))}", "OK", "Not signed (optional)"]
    assert model.attention_count() == 3
    assert model.index(5, 4).data() == "" and model.index(4, 4).data() == "Patient"


def test_admin_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    payers = PayersModel()
    payers.set_rows([PayerInfo(1, "Aetna", "60054", "group_health_plan", "", "", "El Paso", "TX", "", "+18005550199",
                               True, NOW),
                     PayerInfo(2, "Old Co", "", "feca_black_lung", "", "", "", "", "", "", False, NOW)])
    qtmodeltester.check(payers)
    assert [payers.index(r, 1).data() for r in range(2)] == ["Group health plan", "FECA black lung"]
    assert payers.index(1, 5).data() == "Retired" and payers.index(0, 3).data() == "(800) 555-0199"
    types = ConsentTypesModel()
    types.set_rows([ConsentTypeInfo(1, "a", "A", True, "v1", 1, True), ConsentTypeInfo(2, "b", "B", False, "v2",
                                                                                       None, False)])
    qtmodeltester.check(types)
    assert [types.index(r, 3).data() for r in range(2)] == ["1 month", "No expiry"]
    assert validity_text(ConsentTypeInfo(3, "c", "C", True, "v", 24, True)) == "24 months"
