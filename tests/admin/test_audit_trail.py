"""The audit trail: an event for every sensitive action, in the same transaction, append-only, chained."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fd_testlib import ADMIN_PASSWORD, STAFF_PASSWORD, patient
from sqlalchemy import exc as sa_exc, func, select, text

from frontdesk.domain.permissions import Role
from frontdesk.errors import AuthenticationError, ValidationError
from frontdesk.models import AuditEvent, Patient
from frontdesk.services import _base
from frontdesk.services.admin import auth, users
from frontdesk.services.patients import patients
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services.session import ServiceContext
from frontdesk.storage.backup import online_backup, open_copy
from frontdesk.storage.engine import Database


def _events(db) -> list[AuditEvent]:
    with db.session(write=False) as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        session.expunge_all()  # keep the loaded values readable after the read transaction ends
        return events


def _count(db, model) -> int:
    with db.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _new_actions(db, since: int) -> list[tuple[str, str]]:
    return [(e.action, e.username) for e in _events(db)[since:]]


def _verify(db, key: bytes | None = None):
    with db.session(write=False) as session:
        return verify_chain(session, key or db.audit_key)


def test_first_run_is_audited(db) -> None:
    assert _new_actions(db, 0) == [("practice.setup", "admin"), ("user.create", "admin")]


def test_sign_in_events(db, anon_ctx, frontdesk_actor, monkeypatch) -> None:
    start = len(_events(db))
    actor = auth.login(anon_ctx, "rita", STAFF_PASSWORD)
    rita = ServiceContext(db, actor)
    auth.record_idle_lock(rita)
    auth.unlock_session(rita, "rita", STAFF_PASSWORD)
    auth.record_idle_lock(rita, "button")
    auth.unlock_session(rita, "admin", ADMIN_PASSWORD)  # another user takes over the screen
    auth.logout(rita)
    with pytest.raises(AuthenticationError):
        auth.login(anon_ctx, "who-is-this", "some password 1")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login(anon_ctx, "rita", "wrong password 11")
    with pytest.raises(AuthenticationError):
        auth.login(anon_ctx, "rita", STAFF_PASSWORD)
    assert _new_actions(db, start) == [
        ("login", "rita"), ("session.lock", "rita"), ("session.unlock", "rita"), ("session.lock", "rita"),
        ("session.switch_user", "admin"), ("logout", "rita"), ("login.failure", ""),
        *[("login.failure", "rita")] * 5, ("account.lockout", "rita"), ("login.refused", "rita"),
    ]
    events = _events(db)[start:]
    assert events[1].detail == "idle timeout" and events[3].detail == "locked by user"
    assert events[6].detail == "unknown username" and "who-is-this" not in events[6].detail
    assert "wrong password" in events[7].detail and "wrong password 11" not in events[7].detail
    assert _verify(db).ok


def test_user_administration_events(db, admin_ctx, frontdesk_actor, anon_ctx) -> None:
    start = len(_events(db))
    rid = frontdesk_actor.user_id
    users.change_role(admin_ctx, rid, Role.BILLING)
    users.reset_password(admin_ctx, rid, "a reset harbor kettle 42")
    users.unlock_user(admin_ctx, rid)
    users.deactivate_user(admin_ctx, rid)
    users.reactivate_user(admin_ctx, rid)
    users.add_user(admin_ctx, "newbie", "New Bie", Role.FRONT_DESK, STAFF_PASSWORD)
    auth.change_own_password(admin_ctx, ADMIN_PASSWORD, "another admin ferry lantern 9")
    assert _new_actions(db, start) == [
        ("user.role_change", "admin"), ("user.password_reset", "admin"), ("user.unlock", "admin"),
        ("user.deactivate", "admin"), ("user.reactivate", "admin"), ("user.create", "admin"),
        ("user.password_change", "admin"),
    ]
    events = _events(db)[start:]
    assert events[0].detail == "front_desk -> billing" and events[0].entity_id == str(rid)
    assert all("password 42" not in e.detail and "password 9" not in e.detail for e in events)


def test_patient_events_name_fields_not_values(db, frontdesk_ctx) -> None:
    start = len(_events(db))
    record = patients.register_patient(frontdesk_ctx, patient("Jane", "Doe"))
    patients.open_patient(frontdesk_ctx, record.id)
    patients.update_patient(frontdesk_ctx, record.id, patient("Jane", "Doe", phone="(518) 555-0177",
                                                              address_line1="99 Birch Road"))
    patients.search_patients(frontdesk_ctx, "doe")  # a search is not a view of a record
    assert _new_actions(db, start) == [("patient.create", "rita"), ("patient.view", "rita"),
                                       ("patient.update", "rita")]
    update = _events(db)[-1]
    assert update.patient_id == record.id
    assert update.detail == "fields: address_line1, phone"
    assert "Birch" not in update.detail and "0177" not in update.detail


def test_failing_service_leaves_neither_record_nor_event(db, frontdesk_ctx) -> None:
    events, rows = len(_events(db)), _count(db, Patient)
    with pytest.raises(ValidationError) as info:
        patients.register_patient(frontdesk_ctx, patient(zip_code="1220"))
    assert info.value.field == "zip_code"
    assert (len(_events(db)), _count(db, Patient)) == (events, rows)


def test_failed_audit_write_rolls_back_the_change(db, frontdesk_ctx, monkeypatch) -> None:
    events, rows = len(_events(db)), _count(db, Patient)

    def broken_append(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(_base, "append_event", broken_append)
    with pytest.raises(RuntimeError):
        patients.register_patient(frontdesk_ctx, patient())
    monkeypatch.undo()
    assert (len(_events(db)), _count(db, Patient)) == (events, rows)


def test_database_refuses_update_and_delete_of_audit_events(db) -> None:
    before = [(e.seq, e.detail, e.hash) for e in _events(db)]
    for statement in ("UPDATE audit_event SET detail = 'edited' WHERE seq = 1",
                      "DELETE FROM audit_event WHERE seq = 1",
                      "DELETE FROM audit_event"):
        # around the services, straight on the engine: the database's own triggers refuse (both engines)
        with pytest.raises(sa_exc.DBAPIError, match="append-only"):
            with db.engine.begin() as conn:
                conn.execute(text(statement))
    assert [(e.seq, e.detail, e.hash) for e in _events(db)] == before


def test_chain_verifies_and_needs_the_right_key(db, frontdesk_ctx) -> None:
    patients.register_patient(frontdesk_ctx, patient())
    report = _verify(db)
    assert report.ok and report.events == len(_events(db)) == report.last_seq
    wrong = _verify(db, key=bytes(32))
    assert not wrong.ok and wrong.problem == "audit event 1 was altered"


def _insert_forged(db, *, prev_hash: str | None, hash_: str) -> int:
    """A row added around the services (as anyone with the key could): INSERT is allowed, its hash is not right."""
    last = _events(db)[-1]
    with db.session(write=True) as session:
        session.add(AuditEvent(seq=last.seq + 1, at=last.at + timedelta(seconds=1), user_id=None, username="admin",
                               action="patient.view", entity_type="patient", entity_id="1", patient_id=1, detail="",
                               prev_hash=last.hash if prev_hash is None else prev_hash, hash=hash_))
    return last.seq + 1


def test_forged_row_with_a_wrong_hash_is_named(db) -> None:
    seq = _insert_forged(db, prev_hash=None, hash_="f" * 64)
    report = _verify(db)
    assert not report.ok and report.problem == f"audit event {seq} was altered"


def test_forged_row_that_does_not_link_is_named(db) -> None:
    seq = _insert_forged(db, prev_hash="a" * 64, hash_="f" * 64)
    report = _verify(db)
    assert not report.ok and report.problem == f"audit event {seq} does not link to the one before it"


TAMPERED_COPY = ("edits a copy of the practice's database file with its triggers dropped; on a server the app role "
                 "may not drop triggers at all (tests/storage/pg/test_pg_setup.py)")


def _tampered_copy(db, tmp_path, statements: list[str]) -> Database:
    """A copy of the practice edited with the triggers dropped (what an attacker with the key could do)."""
    copy = tmp_path / "tampered.db"
    online_backup(db, copy)
    conn = open_copy(copy, db.key)
    try:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("DROP TRIGGER audit_event_no_delete")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return Database(copy, db.key)


@pytest.mark.sqlite_only(TAMPERED_COPY)
def test_deleted_row_in_a_copy_without_triggers_is_named(db, frontdesk_ctx, tmp_path) -> None:
    patients.register_patient(frontdesk_ctx, patient())
    copy = _tampered_copy(db, tmp_path, ["DELETE FROM audit_event WHERE seq = 2"])
    try:
        assert len(_events(copy)) == len(_events(db)) - 1
        report = _verify(copy)
        assert not report.ok and report.problem == "audit event 2 is missing"
    finally:
        copy.close()
    assert _verify(db).ok  # the live trail is untouched


@pytest.mark.sqlite_only(TAMPERED_COPY)
def test_edited_row_in_a_copy_without_triggers_is_named(db, frontdesk_ctx, tmp_path) -> None:
    patients.register_patient(frontdesk_ctx, patient())
    copy = _tampered_copy(db, tmp_path, ["UPDATE audit_event SET username = 'someone' WHERE seq = 3"])
    try:
        report = _verify(copy)
        assert not report.ok and report.problem == "audit event 3 was altered"
    finally:
        copy.close()
