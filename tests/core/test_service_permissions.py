"""Deny by default: every public service function is a permission-checked operation (or a step inside one, an
unattended job run with the practice key, or a pure helper); the role matrix."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from sqlalchemy.orm import Session
from fd_testlib import STAFF_PASSWORD, patient

import frontdesk.services
from frontdesk.domain.permissions import Permission, Role
from frontdesk.errors import PermissionDenied
from frontdesk.services.admin import audit, auth, providers, users
from frontdesk.services.patients import patients
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.session import Actor, ServiceContext

# Pure validation/format helpers: they take no transaction or context, so they cannot read or
# write the database; every other public function must be an operation.
PURE_HELPERS = {
    "frontdesk.services.admin.users": {"clean_username", "clean_role", "new_user_row"},
    "frontdesk.services.admin.practice": {"clean_details"},
    "frontdesk.services.admin.audit": {"neutralise_cell"},
    "frontdesk.services.billing.claim_states": {"label", "encounter_locked"},
    "frontdesk.services.billing.claim_rows": {"patient_name", "claim_row_select"},
    "frontdesk.services.admin.backup_jobs": {"is_last_backup_report"},
    "frontdesk.services.admin.auth": {"admin_delay"},
}


def is_step(fn: object) -> bool:
    """A step inside another operation: its first parameter is that operation's ``session: Session``.

    Steps never commit and cannot be reached without an operation's transaction (the UI holds no session),
    so they need no permission of their own: the operation that calls them has one.
    """
    params = list(inspect.signature(fn).parameters.values())  # type: ignore[arg-type]
    return bool(params) and params[0].name == "session" and params[0].annotation in ("Session", Session)


def _service_modules() -> list:
    found = []
    for info in pkgutil.walk_packages(frontdesk.services.__path__, "frontdesk.services."):
        if not info.ispkg and not any(part.startswith("_") for part in info.name.split(".")):
            found.append(importlib.import_module(info.name))
    return found


def test_the_service_package_is_found() -> None:
    names = {m.__name__ for m in _service_modules()}
    assert {"frontdesk.services.admin.auth", "frontdesk.services.admin.users", "frontdesk.services.patients.patients",
            "frontdesk.services.admin.audit"} <= names


def test_every_public_service_function_carries_a_permission() -> None:
    unguarded = []
    operations = 0
    for module in _service_modules():
        allowed = PURE_HELPERS.get(module.__name__, set())
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue  # private, or imported from elsewhere
            if hasattr(fn, "__fd_permission__"):
                assert isinstance(fn.__fd_permission__, Permission)
                operations += 1
            elif name not in allowed and not is_step(fn) and not getattr(fn, "__fd_unattended__", False):
                unguarded.append(f"{module.__name__}.{name}")
    assert unguarded == [], "public service functions without @operation (deny by default)"
    assert operations >= 20


def test_pure_helpers_cannot_reach_the_database() -> None:
    for module_name, names in PURE_HELPERS.items():
        module = importlib.import_module(module_name)
        for name in names:
            fn = getattr(module, name)
            assert not hasattr(fn, "__fd_permission__"), f"{name} is an operation; drop it from PURE_HELPERS"
            params = inspect.signature(fn).parameters
            assert not {"tx", "ctx", "session", "db"} & set(params), f"{module_name}.{name} takes a database handle"


ADMIN_ONLY = [
    ("list_users", lambda ctx, ids: users.list_users(ctx)),
    ("add_user", lambda ctx, ids: users.add_user(ctx, "newbie", "New Bie", Role.FRONT_DESK, STAFF_PASSWORD)),
    ("change_role", lambda ctx, ids: users.change_role(ctx, ids["admin"], Role.FRONT_DESK)),
    ("unlock_user", lambda ctx, ids: users.unlock_user(ctx, ids["admin"])),
    ("reset_password", lambda ctx, ids: users.reset_password(ctx, ids["admin"], "a fresh canyon kettle 99")),
    ("deactivate_user", lambda ctx, ids: users.deactivate_user(ctx, ids["admin"])),
    ("list_events", lambda ctx, ids: audit.list_events(ctx, audit.AuditFilter())),
    ("export_events_csv", lambda ctx, ids: audit.export_events_csv(ctx, audit.AuditFilter())),
    ("set_idle_lock_minutes", lambda ctx, ids: practice_service.set_idle_lock_minutes(ctx, 5)),
    ("add_provider", lambda ctx, ids: providers.add_provider(ctx, "Pat", "Smith", "1245319599")),
    ("update_provider", lambda ctx, ids: providers.update_provider(ctx, 1, "Pat", "Smith", "1245319599")),
]


@pytest.fixture
def ids(practice, frontdesk_actor):
    return {"admin": practice.actor.user_id, "rita": frontdesk_actor.user_id}


@pytest.mark.parametrize("name, call", ADMIN_ONLY, ids=[n for n, _ in ADMIN_ONLY])
def test_front_desk_is_denied_admin_actions(frontdesk_ctx, ids, name, call) -> None:
    with pytest.raises(PermissionDenied, match="Front desk"):
        call(frontdesk_ctx, ids)


def test_front_desk_denial_leaves_no_trace_but_the_denial(frontdesk_ctx, admin_ctx, ids) -> None:
    before = audit.list_events(admin_ctx, audit.AuditFilter())
    with pytest.raises(PermissionDenied):
        users.add_user(frontdesk_ctx, "sneaky", "Sneaky Pete", Role.ADMIN, STAFF_PASSWORD)
    assert "sneaky" not in {u.username for u in users.list_users(admin_ctx)}
    after = audit.list_events(admin_ctx, audit.AuditFilter())
    assert after[1:] == before  # issue 17: the refusal itself is audited (access.denied), nothing else
    assert after[0].action == "access.denied" and "sneaky" not in after[0].detail


def test_admin_may_do_the_admin_actions(admin_ctx, ids) -> None:
    assert {u.username for u in users.list_users(admin_ctx)} == {"admin", "rita"}
    users.add_user(admin_ctx, "newbie", "New Bie", Role.FRONT_DESK, STAFF_PASSWORD)
    assert audit.list_events(admin_ctx, audit.AuditFilter())[0].action == "user.create"
    assert "seq" in audit.export_events_csv(admin_ctx, audit.AuditFilter())
    assert providers.add_provider(admin_ctx, "Pat", "Smith", "1245319599").npi == "1245319599"


def test_front_desk_may_do_front_desk_work(frontdesk_ctx) -> None:
    record = patients.register_patient(frontdesk_ctx, patient())
    assert patients.open_patient(frontdesk_ctx, record.id).last_name == "Doe"
    assert [p.id for p in patients.search_patients(frontdesk_ctx, "doe")] == [record.id]
    assert practice_service.get_practice(frontdesk_ctx).legal_name
    assert providers.list_providers(frontdesk_ctx) == []


def test_signed_out_context_is_denied(anon_ctx) -> None:
    with pytest.raises(PermissionDenied, match="sign in"):
        patients.search_patients(anon_ctx, "doe")
    with pytest.raises(PermissionDenied, match="sign in"):
        auth.logout(anon_ctx)


def test_deactivated_user_is_refused_at_once(admin_ctx, frontdesk_ctx, frontdesk_actor) -> None:
    patients.search_patients(frontdesk_ctx, "doe")  # works while active
    users.deactivate_user(admin_ctx, frontdesk_actor.user_id)
    with pytest.raises(PermissionDenied, match="no longer active"):
        patients.search_patients(frontdesk_ctx, "doe")
    with pytest.raises(PermissionDenied, match="no longer active"):
        auth.logout(frontdesk_ctx)


def test_a_deleted_actor_is_refused(practice) -> None:
    ghost = ServiceContext(practice.db, Actor(9999, "ghost", "Ghost", Role.ADMIN))
    with pytest.raises(PermissionDenied):
        users.list_users(ghost)


def test_role_change_takes_effect_immediately(practice, admin_ctx, frontdesk_ctx, frontdesk_actor) -> None:
    # The context still carries the old role in its Actor; the database's role is what counts.
    with pytest.raises(PermissionDenied):
        users.list_users(frontdesk_ctx)
    users.change_role(admin_ctx, frontdesk_actor.user_id, Role.ADMIN)
    assert frontdesk_ctx.actor.role is Role.FRONT_DESK
    assert len(users.list_users(frontdesk_ctx)) == 2
    # and back down: the demoted user loses admin rights on the very next call
    users.change_role(admin_ctx, frontdesk_actor.user_id, Role.BILLING)
    with pytest.raises(PermissionDenied, match="Billing"):
        users.list_users(frontdesk_ctx)
    # an admin demoted by another admin loses rights too, even with an Actor that says ADMIN
    users.change_role(admin_ctx, frontdesk_actor.user_id, Role.ADMIN)
    rita_admin = ServiceContext(practice.db, Actor(frontdesk_actor.user_id, "rita", "Rita Reception", Role.ADMIN))
    users.change_role(rita_admin, practice.actor.user_id, Role.FRONT_DESK)
    with pytest.raises(PermissionDenied):
        users.list_users(admin_ctx)


def test_steps_are_only_what_takes_an_operations_session() -> None:
    from frontdesk.services.billing import claim_rows, claim_states

    assert is_step(claim_states.change_status) and is_step(claim_rows.claim_rows_from)
    assert not is_step(users.list_users)  # an operation takes the context, not a session
    assert not is_step(claim_states.label)


def test_unattended_jobs_are_the_key_holders_jobs_only() -> None:
    from frontdesk.services.admin import backup_jobs, checks, server_moves

    marked = {f"{m.__name__}.{name}" for m in _service_modules()
              for name, fn in inspect.getmembers(m, inspect.isfunction)
              if fn.__module__ == m.__name__ and getattr(fn, "__fd_unattended__", False)}
    # Only the jobs that run with no one signed in: the CLI's backup, restore, drill and check, the restore
    # of a new install before any account exists, and moving a practice or a backup onto a new server.
    assert marked == {f"{backup_jobs.__name__}.{n}" for n in ("read_backup_info", "run_backup_job", "run_restore_job",
                                                             "restore_into_new_folder", "run_drill_job")} | {
        f"{checks.__name__}.{n}" for n in ("run_checks", "check_backup_anchor")} | {
        f"{server_moves.__name__}.{n}" for n in ("run_move_in", "run_restore_to_server")}
