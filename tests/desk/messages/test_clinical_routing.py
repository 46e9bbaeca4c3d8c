"""Issue 19: messages and tasks routed to a provider (their linked Clinical user) or to the Nurses (every Clinical
user with no provider); read marks per person; the provider link kept honest (real encrypted practice)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from calendar_support import MONDAY
from msg_lib import Desk, staff_ctx

from frontdesk.domain.permissions import Role
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services.admin import providers, users
from frontdesk.services.desk import phone_messages, tasks
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.services.desk.tasks import TaskInput
from frontdesk.services.session import ServiceContext

BASE = MessageInput(caller_name="Ann Able", caller_phone="(518) 555-0142", reason="Lab results", urgency="today",
                    not_a_patient=True)


@dataclass
class Clinic:
    provider_id: int
    doctor: ServiceContext  # Clinical, linked to the provider
    nurse: ServiceContext  # Clinical, no provider: one of the Nurses
    assistant: ServiceContext  # Clinical, no provider: one of the Nurses too


def _uid(ctx: ServiceContext) -> int:
    assert ctx.actor is not None
    return ctx.actor.user_id


@pytest.fixture
def clinic(desk: Desk) -> Clinic:
    provider = providers.add_provider(desk.admin, "Pat", "Smith", "1245319599", credential="MD")
    doctor = staff_ctx(desk.admin, "drsmith", "Pat Smith", Role.CLINICAL)
    assert users.link_provider(desk.admin, _uid(doctor), provider.id).provider_id == provider.id
    return Clinic(provider.id, doctor, staff_ctx(desk.admin, "nina", "Nina Nurse", Role.CLINICAL),
                  staff_ctx(desk.admin, "mark", "Mark Assistant", Role.CLINICAL))


def _inbox(ctx: ServiceContext) -> list[str]:
    return [m.reason for m in phone_messages.message_rows(ctx)]


def test_a_message_for_the_provider_reaches_their_user_only(desk: Desk, clinic: Clinic) -> None:
    row = phone_messages.take_message(desk.desk, replace(BASE, to_role=f"provider:{clinic.provider_id}"))
    assert row.to_label == "Pat Smith, MD (provider)"
    assert _inbox(clinic.doctor) == ["Lab results"] and phone_messages.unread_count(clinic.doctor) == 1
    assert _inbox(clinic.nurse) == [] and _inbox(desk.desk) == []
    phone_messages.get_message(clinic.doctor, row.id)
    assert phone_messages.unread_count(clinic.doctor) == 0


def test_a_message_for_the_nurses_reaches_each_nurse_with_their_own_read_mark(desk: Desk, clinic: Clinic) -> None:
    row = phone_messages.take_message(desk.desk, replace(BASE, reason="Wound check", to_role="nurses"))
    assert row.to_label == "Nurses"
    assert _inbox(clinic.nurse) == _inbox(clinic.assistant) == ["Wound check"]
    assert _inbox(clinic.doctor) == []  # a provider is not one of the Nurses
    phone_messages.get_message(clinic.nurse, row.id)
    assert phone_messages.unread_count(clinic.nurse) == 0
    assert phone_messages.unread_count(clinic.assistant) == 1  # reading marks it read for that person only
    assert [m.unread for m in phone_messages.message_rows(clinic.assistant)] == [True]


def test_tasks_route_to_the_provider_and_the_nurses(desk: Desk, clinic: Clinic) -> None:
    tasks.create_task(desk.desk, TaskInput("Sign the forms", MONDAY, to_role=f"provider:{clinic.provider_id}"))
    tasks.create_task(desk.desk, TaskInput("Restock room 2", MONDAY, to_role="nurses"))
    assert [t.title for t in tasks.task_rows(clinic.doctor)] == ["Sign the forms"]
    assert [(t.title, t.to_label) for t in tasks.task_rows(clinic.nurse)] == [("Restock room 2", "Nurses")]
    assert tasks.count_tasks(clinic.assistant) == 1 and tasks.count_tasks(desk.desk) == 0


def test_the_for_box_offers_the_nurses_and_each_active_provider(desk: Desk, clinic: Clinic) -> None:
    groups = [(r.role, r.label) for r in phone_messages.list_recipients(clinic.nurse) if r.role]
    assert ("nurses", "Nurses") in groups and ("clinical", "Clinical (role)") in groups
    assert (f"provider:{clinic.provider_id}", "Pat Smith, MD (provider)") in groups


@pytest.mark.parametrize("key", ["provider:999", "provider:x", "doctors", "provider:"])
def test_unknown_groups_and_providers_are_refused(desk: Desk, clinic: Clinic, key: str) -> None:
    with pytest.raises(ValidationError) as err:
        phone_messages.take_message(desk.desk, replace(BASE, to_role=key))
    assert err.value.field == "to"


def test_an_inactive_provider_cannot_be_sent_to(desk: Desk, clinic: Clinic) -> None:
    providers.set_provider_active(desk.admin, clinic.provider_id, False)
    with pytest.raises(ValidationError, match="not active"):
        tasks.create_task(desk.desk, TaskInput("Sign", MONDAY, to_role=f"provider:{clinic.provider_id}"))


def test_messages_for_a_role_keep_working(desk: Desk, clinic: Clinic) -> None:
    row = phone_messages.take_message(desk.desk, replace(BASE, to_role="front_desk"))
    assert row.to_label == "Front desk (role)" and _inbox(desk.desk) == ["Lab results"]
    assert _inbox(clinic.nurse) == []


def test_the_provider_link_is_for_one_clinical_user_and_only_admins_set_it(desk: Desk, clinic: Clinic) -> None:
    with pytest.raises(ConflictError, match="Pat Smith is already linked"):
        users.link_provider(desk.admin, _uid(clinic.nurse), clinic.provider_id)
    with pytest.raises(ValidationError, match="Only a Clinical user"):
        users.link_provider(desk.admin, _uid(desk.biller), clinic.provider_id)
    with pytest.raises(PermissionDenied):
        users.link_provider(desk.desk, _uid(clinic.nurse), None)
    # A role change away from Clinical drops the link: the provider's messages then reach nobody by accident.
    assert users.change_role(desk.admin, _uid(clinic.doctor), Role.FRONT_DESK).provider_id is None
    assert users.link_provider(desk.admin, _uid(clinic.nurse), clinic.provider_id).provider_id == clinic.provider_id
    phone_messages.take_message(desk.desk, replace(BASE, to_role="nurses"))
    assert _inbox(clinic.nurse) == [] and _inbox(clinic.assistant) == ["Lab results"]
