"""Fixtures for the patient-document tests: a patient, and a clinical user (may view, may not edit)."""

from __future__ import annotations

import pytest
from fd_testlib import patient
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.patients import patients
from frontdesk.services.session import Actor, ServiceContext


@pytest.fixture
def patient_id(frontdesk_ctx: ServiceContext) -> int:
    return patients.register_patient(frontdesk_ctx, patient()).id


@pytest.fixture
def clinical_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:  # type: ignore[no-untyped-def]
    info = users.add_user(admin_ctx, "nina", "Nina Nurse", Role.CLINICAL, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))
