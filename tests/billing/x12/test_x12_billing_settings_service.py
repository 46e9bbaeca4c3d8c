"""The 837P settings service on a real encrypted practice: blanks first, validation by field, audit, roles."""

from __future__ import annotations

import pytest

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services.admin import audit
from frontdesk.services.session import ServiceContext
from frontdesk.services.billing._billing_settings_row import _billing_settings_row
from frontdesk.services.billing.billing_settings import (
    BillingSettingsInfo,
    get_billing_settings,
    update_billing_settings,
)

GOOD = {
    "submitter_id": "fdsub01", "submitter_name": "Springfield Family Practice", "contact_name": "Pat Biller",
    "contact_phone": "(217) 555-0100", "receiver_id": "CLEARHOUSE1", "receiver_name": "Clear House EDI",
    "usage_indicator": "t",
}


def test_fresh_practice_has_blank_settings(admin_ctx: ServiceContext) -> None:
    info = get_billing_settings(admin_ctx)
    assert info == BillingSettingsInfo() and info.usage_indicator == "T" and not info.complete
    with admin_ctx.db.session(write=False) as session:
        assert _billing_settings_row(session) is None


def test_save_cleans_and_audits(admin_ctx: ServiceContext) -> None:
    topics: list[frozenset[str]] = []
    ctx = ServiceContext(admin_ctx.db, admin_ctx.actor, notify=topics.append)
    info = update_billing_settings(ctx, **GOOD)
    assert info.submitter_id == "FDSUB01" and info.contact_phone == "+12175550100" and info.usage_indicator == "T"
    assert info.complete and get_billing_settings(ctx) == info
    assert "billing_settings" in topics[-1]
    again = update_billing_settings(ctx, usage_indicator="P")
    assert again.usage_indicator == "P" and again.receiver_id == "CLEARHOUSE1"  # other fields kept
    with ctx.db.session(write=False) as session:
        row = _billing_settings_row(session)
        assert row is not None and row.usage_indicator == "P"
    events = [e for e in audit.list_events(ctx, audit.AuditFilter()) if e.action == "billing_settings.update"]
    assert len(events) == 2 and "usage_indicator" in events[0].detail + events[1].detail


@pytest.mark.parametrize(("field", "value"), [
    ("submitter_id", "FD SUB"), ("submitter_id", "X" * 16), ("receiver_id", "CH-1"),
    ("submitter_name", "Evil*Name"), ("contact_name", "A~B"), ("receiver_name", "R" * 61),
    ("contact_phone", "555"), ("usage_indicator", "X"),
])
def test_bad_values_name_their_field(admin_ctx: ServiceContext, field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        update_billing_settings(admin_ctx, **{**GOOD, field: value})
    assert caught.value.field == field
    assert get_billing_settings(admin_ctx) == BillingSettingsInfo()  # nothing half-saved


def test_unknown_field_is_refused(admin_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError):
        update_billing_settings(admin_ctx, password="x")


def test_front_desk_may_read_but_not_change(frontdesk_ctx: ServiceContext, admin_ctx: ServiceContext) -> None:
    update_billing_settings(admin_ctx, **GOOD)
    assert get_billing_settings(frontdesk_ctx).receiver_name == "Clear House EDI"
    with pytest.raises(PermissionDenied):
        update_billing_settings(frontdesk_ctx, usage_indicator="P")
