"""Synthetic patients and providers for the demo practice and benchmarks (Faker, seeded).

The providers are added as the Providers tab adds them; the patients, thousands to millions of them, through
the synthetic-records service (``services.patients.synthetic``), which checks and writes them in bulk.
"""

from __future__ import annotations

import random

from frontdesk.demo._patients import DemoPeople, fake_npi
from frontdesk.errors import ValidationError
from frontdesk.services.admin import providers
from frontdesk.services.patients import synthetic
from frontdesk.services.session import ServiceContext

__all__ = ["DEMO_PROVIDERS", "MAX_PATIENTS", "fake_npi", "seed_demo_patients", "seed_demo_providers"]

MAX_PATIENTS = 2_000_000
DEMO_PROVIDERS = (
    ("Maria", "Alvarez", "MD", "207Q00000X"),
    ("James", "Okafor", "DO", "207R00000X"),
    ("Linda", "Chen", "NP", "363LF0000X"),
)


def seed_demo_providers(ctx: ServiceContext, seed: int = 7) -> int:
    """Add the demo practice's three providers (valid NPIs); only in a demo practice. Returns how many."""
    synthetic.demo_practice_today(ctx)  # refuses outside a demo practice
    rng = random.Random(seed)
    for first, last, cred, taxonomy in DEMO_PROVIDERS:
        providers.add_provider(ctx, first, last, fake_npi(rng), cred, taxonomy)
    return len(DEMO_PROVIDERS)


def seed_demo_patients(ctx: ServiceContext, count: int, seed: int = 42, chunk: int = synthetic.CHUNK) -> int:
    """Add ``count`` fake patients in one batch (one audit event); only in a demo practice.

    Besides demographics and up to three phones each, some adults come with their children (a
    household whose guarantor is the parent), a few elderly patients have a non-patient guarantor,
    and a few patients are inactive or deceased.
    """
    today = synthetic.demo_practice_today(ctx)  # refuses outside a demo practice
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PATIENTS:
        raise ValidationError("patients", f"Number of demo patients must be 0 to {MAX_PATIENTS:,}.")
    return synthetic.add_synthetic_patients(ctx, DemoPeople(seed, today=today).households(count), chunk=chunk)

