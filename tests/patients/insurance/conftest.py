"""Fixtures for the insurance, consent and intake core tests: a billing user, a patient, a payer."""

from __future__ import annotations

import pytest
from ins_testlib import patient_input, payer_input
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.patients import patients
from frontdesk.services.billing import payers
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext


@pytest.fixture
def billing_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def patient_id(frontdesk_ctx: ServiceContext) -> int:
    return patients.register_patient(frontdesk_ctx, patient_input()).id


@pytest.fixture
def payer(admin_ctx: ServiceContext) -> payers.PayerInfo:
    return payers.add_payer(admin_ctx, payer_input())


@pytest.fixture
def payer_id(payer: payers.PayerInfo) -> int:
    return payer.id


@pytest.fixture
def other_payer_id(admin_ctx: ServiceContext) -> int:
    return payers.add_payer(admin_ctx, payer_input("Cigna", edi_payer_id="62308")).id
