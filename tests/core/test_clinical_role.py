"""The Clinical role (issue 19): inbox, schedule and demographics to read; billing, payments, day close and
admin refused by the services themselves."""

from __future__ import annotations

import pytest
from fd_testlib import STAFF_PASSWORD, patient

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import ROLE_PERMISSIONS, Permission, Role, role_allows
from frontdesk.errors import PermissionDenied
from frontdesk.services.admin import backups, users
from frontdesk.services.billing import billing_settings
from frontdesk.services.day_close import end_of_day
from frontdesk.services.desk import phone_messages, tasks
from frontdesk.services.patients import patients
from frontdesk.services.payments import payments
from frontdesk.services.scheduling import schedule_views
from frontdesk.services.session import Actor, ServiceContext


def test_the_clinical_role_has_exactly_its_permissions() -> None:
    assert Role.CLINICAL.label == "Clinical" and Role("clinical") is Role.CLINICAL
    assert ROLE_PERMISSIONS[Role.CLINICAL] == {
        Permission.SIGNED_IN, Permission.VIEW_PATIENTS, Permission.VIEW_PROVIDERS, Permission.VIEW_SCHEDULE,
        Permission.TAKE_MESSAGES, Permission.MANAGE_TASKS}
    for refused in (Permission.EDIT_PATIENTS, Permission.BOOK_APPOINTMENTS, Permission.VIEW_BILLING,
                    Permission.TAKE_PAYMENTS, Permission.CLOSE_DAY, Permission.MAKE_DEPOSITS,
                    Permission.MANAGE_USERS, Permission.BACKUP, Permission.VIEW_AUDIT):
        assert not role_allows(Role.CLINICAL, refused), refused


@pytest.fixture
def clinical_ctx(practice, admin_ctx) -> ServiceContext:
    info = users.add_user(admin_ctx, "nina", "Nina Nurse", Role.CLINICAL, STAFF_PASSWORD)
    assert info.role is Role.CLINICAL
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


def test_a_clinician_reads_the_schedule_demographics_and_inbox(clinical_ctx, frontdesk_ctx) -> None:
    record = patients.register_patient(frontdesk_ctx, patient())
    assert patients.open_patient(clinical_ctx, record.id).last_name == "Doe"
    assert schedule_views.day_view(clinical_ctx, st.utc_now().date()) is not None
    assert phone_messages.unread_count(clinical_ctx) == 0
    assert tasks.task_rows(clinical_ctx) == []


REFUSED = [
    ("register_patient", lambda ctx: patients.register_patient(ctx, patient())),
    ("billing settings", lambda ctx: billing_settings.get_billing_settings(ctx)),
    ("take_payment", lambda ctx: payments.take_payment(ctx, 1, method="cash", amount="5.00")),
    ("day_sheet", lambda ctx: end_of_day.day_sheet(ctx)),
    ("list_users", lambda ctx: users.list_users(ctx)),
    ("backups", lambda ctx: backups.list_backup_runs(ctx)),
]


@pytest.mark.parametrize("name, call", REFUSED, ids=[n for n, _ in REFUSED])
def test_the_services_refuse_a_clinician_billing_payments_day_close_and_admin(clinical_ctx, name, call) -> None:
    with pytest.raises(PermissionDenied, match="Clinical"):
        call(clinical_ctx)
