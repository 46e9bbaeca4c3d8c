"""Editing a provider (e.g. correcting a mistyped NPI): checked like an add, audited by field names."""

from __future__ import annotations

import pytest

from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.services.admin import audit, providers

GOOD_NPI, OTHER_NPI, FIXED_NPI = "1245319599", "1234567893", "1003000126"


def test_a_provider_is_corrected_and_the_audit_names_the_fields(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    added = providers.add_provider(admin_ctx, "Maria", "Lopes", GOOD_NPI, "md")
    saved = providers.update_provider(admin_ctx, added.id, "Maria", "Lopez", f" {FIXED_NPI[:3]}-{FIXED_NPI[3:]} ",
                                      "md", "207q00000x")
    assert (saved.id, saved.last_name, saved.npi, saved.credential, saved.taxonomy, saved.active) == (
        added.id, "Lopez", FIXED_NPI, "MD", "207Q00000X", True)
    assert [p.npi for p in providers.list_providers(admin_ctx)] == [FIXED_NPI]
    event = audit.list_events(admin_ctx, audit.AuditFilter())[0]
    assert (event.action, event.entity_id, event.detail) == ("provider.update", str(added.id),
                                                             "fields: last_name, npi, taxonomy")
    assert FIXED_NPI not in event.detail and "Lopez" not in event.detail  # names of fields, never values


def test_saving_unchanged_details_writes_no_audit_row(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    added = providers.add_provider(admin_ctx, "Maria", "Lopez", GOOD_NPI, "MD")
    before = audit.list_events(admin_ctx, audit.AuditFilter())
    assert providers.update_provider(admin_ctx, added.id, "Maria", "Lopez", GOOD_NPI, "MD") == added
    assert audit.list_events(admin_ctx, audit.AuditFilter()) == before


@pytest.mark.parametrize("npi, message", [("1234567890", "check digit"), ("12345", "exactly 10 digits"),
                                          ("", "required"), (OTHER_NPI, "Another provider already has")])
def test_a_bad_or_taken_npi_is_refused_on_the_npi_field(admin_ctx, npi: str, message: str) -> None:  # type: ignore[no-untyped-def]
    added = providers.add_provider(admin_ctx, "Maria", "Lopez", GOOD_NPI)
    providers.add_provider(admin_ctx, "John", "Smith", OTHER_NPI)
    with pytest.raises(ValidationError, match=message) as err:
        providers.update_provider(admin_ctx, added.id, "Maria", "Lopez", npi)
    assert err.value.field == "npi"
    assert {p.npi for p in providers.list_providers(admin_ctx)} == {GOOD_NPI, OTHER_NPI}  # nothing half-saved


def test_names_are_checked_and_a_missing_provider_is_not_found(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    added = providers.add_provider(admin_ctx, "Maria", "Lopez", GOOD_NPI)
    with pytest.raises(ValidationError) as err:
        providers.update_provider(admin_ctx, added.id, "Maria", "", GOOD_NPI)
    assert err.value.field == "last_name"
    with pytest.raises(NotFoundError):
        providers.update_provider(admin_ctx, added.id + 99, "Maria", "Lopez", GOOD_NPI)
