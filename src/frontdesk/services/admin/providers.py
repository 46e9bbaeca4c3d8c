"""Providers (rendering/billing clinicians) with NPI check-digit validation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from frontdesk.domain.formats import clean_taxonomy
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Provider
from frontdesk.services._base import Tx, operation
from frontdesk.domain.insurance_fields import changed_fields, fields_detail


@dataclass(frozen=True)
class ProviderInfo:
    id: int
    first_name: str
    last_name: str
    credential: str
    npi: str
    taxonomy: str
    active: bool

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}"
        return f"{name}, {self.credential}" if self.credential else name


def _info(p: Provider) -> ProviderInfo:
    return ProviderInfo(p.id, p.first_name, p.last_name, p.credential, p.npi, p.taxonomy, p.active)


@operation(Permission.VIEW_PROVIDERS, write=False)
def list_providers(tx: Tx, *, include_inactive: bool = False) -> list[ProviderInfo]:
    """Providers by last name; inactive ones only when asked."""
    stmt = select(Provider).order_by(Provider.last_name, Provider.first_name)
    if not include_inactive:
        stmt = stmt.where(Provider.active.is_(True))
    return [_info(p) for p in tx.session.scalars(stmt)]


def _clean(first_name: object, last_name: object, npi: object, credential: object, taxonomy: object
           ) -> dict[str, str]:
    """The provider's fields as stored; every error names its form field."""
    return {
        "first_name": clean_name(first_name, "first_name", "First name"),
        "last_name": clean_name(last_name, "last_name", "Last name"),
        "credential": clean_text(credential, "credential", "Credential", max_len=20).upper(),
        "npi": validate_npi(npi if isinstance(npi, str) else ""),
        "taxonomy": clean_taxonomy(taxonomy, required=False),
    }


def _check_npi_free(tx: Tx, npi: str, exclude_id: int | None = None) -> None:
    """One NPI, one provider: claims are paid to the NPI, so two rows with it would mix their money."""
    stmt = select(Provider.id).where(Provider.npi == npi)
    if exclude_id is not None:
        stmt = stmt.where(Provider.id != exclude_id)
    if tx.session.scalar(stmt) is not None:
        raise ValidationError("npi", f"Another provider already has NPI {npi}.")


def _load(tx: Tx, provider_id: object) -> Provider:
    provider = tx.session.get(Provider, provider_id) if isinstance(provider_id, int) else None
    if provider is None:
        raise NotFoundError("That provider no longer exists.")
    return provider


@operation(Permission.MANAGE_PROVIDERS)
def add_provider(tx: Tx, first_name: str, last_name: str, npi: str, credential: str = "",
                 taxonomy: str = "") -> ProviderInfo:
    """Add a provider; the NPI must pass its check digit and be unique."""
    values = _clean(first_name, last_name, npi, credential, taxonomy)
    _check_npi_free(tx, values["npi"])
    provider = Provider(**values, active=True)
    tx.session.add(provider)
    tx.session.flush()
    tx.audit("provider.create", entity_type="provider", entity_id=provider.id)
    tx.changed("providers")
    return _info(provider)


@operation(Permission.MANAGE_PROVIDERS)
def update_provider(tx: Tx, provider_id: int, first_name: str, last_name: str, npi: str, credential: str = "",
                    taxonomy: str = "") -> ProviderInfo:
    """Correct a provider's name, credential, NPI or taxonomy (checked as when added); the audit names the
    fields that changed. Claim forms printed or sent from then on carry the corrected NPI."""
    provider = _load(tx, provider_id)
    values = _clean(first_name, last_name, npi, credential, taxonomy)
    _check_npi_free(tx, values["npi"], exclude_id=provider.id)
    changed = changed_fields(provider, values)
    if not changed:
        return _info(provider)  # nothing typed differs: no audit row, nothing to refresh
    for key, value in values.items():
        setattr(provider, key, value)
    tx.audit("provider.update", entity_type="provider", entity_id=provider.id, detail=fields_detail(changed))
    tx.changed("providers")
    return _info(provider)


@operation(Permission.MANAGE_PROVIDERS)
def set_provider_active(tx: Tx, provider_id: int, active: bool) -> ProviderInfo:
    """Deactivate (or reactivate) a provider; history stays."""
    provider = _load(tx, provider_id)
    provider.active = bool(active)
    tx.audit("provider.activate" if active else "provider.deactivate", entity_type="provider",
             entity_id=provider.id)
    tx.changed("providers")
    return _info(provider)
