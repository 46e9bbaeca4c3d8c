"""The demo Desk: messages, tasks, referrals and recalls seeded through the services, reproducibly and fast."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from shared_build import shared_practice_copy
from testsupport import FAST_KDF

from frontdesk.demo.build import DEMO_EXTRA_USERS, DEMO_PRACTICE
from frontdesk.demo._desk_time import services_clock
from frontdesk.demo.desk import DemoDeskResult, seed_demo_desk
from frontdesk.domain import schedule_time as st
from frontdesk.domain.npi import validate_npi
from frontdesk.errors import ConflictError
from frontdesk.first_run import create_practice
from frontdesk.models import AuditEvent
from frontdesk.models.referral import IncomingReferral, Referral
from frontdesk.paths import DataPaths
from frontdesk.services.desk import outside_directory, phone_messages, recalls, referrals, tasks
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.demo.data import seed_demo_patients, seed_demo_providers
from frontdesk.demo.schedule import seed_demo_schedule

PASSWORD = "Correct-Horse-Battery-9"
# Wednesday 11/18/2026 10:30 AM in New York (the demo's time zone).
WEDNESDAY_MORNING = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
TODAY = date(2026, 11, 18)


def _demo(folder: Path, patients: int = 300) -> ServiceContext:
    result = create_practice(DataPaths(folder), DEMO_PRACTICE, admin_username="demo", admin_full_name="Dana Demo",
                             admin_password=PASSWORD, passphrase="demo passphrase for tests", kdf=FAST_KDF,
                             is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    for username, full_name, role in DEMO_EXTRA_USERS:
        users.add_user(ctx, username, full_name, role, PASSWORD)
    seed_demo_providers(ctx)
    seed_demo_patients(ctx, patients, 42)
    seed_demo_schedule(ctx, years=0, per_provider_day=8)  # upcoming visits: recalls must skip booked patients
    return ctx


def _as(ctx: ServiceContext, username: str) -> ServiceContext:
    info = next(u for u in users.list_users(ctx) if u.username == username)
    return ctx.as_actor(Actor(info.id, info.username, info.full_name, info.role))


def _seeded_desk(folder: Path) -> tuple[ServiceContext, dict[str, int]]:
    ctx = _demo(folder)
    return ctx, asdict(seed_demo_desk(ctx, seed=7))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """This worker's copy of the demo with its Desk seeded on Wednesday morning (built once for the run:
    shared_build.py), used with the clock still there."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(st, "utc_now", lambda: WEDNESDAY_MORNING)
        ctx, made = shared_practice_copy(tmp_path_factory, "demo-desk-seed-7", _seeded_desk,
                                         tmp_path_factory.mktemp("desk_a") / "practice")
        yield ctx, DemoDeskResult(**made)
    ctx.db.close()


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: WEDNESDAY_MORNING)


def _all_messages(ctx: ServiceContext) -> list[phone_messages.MessageRow]:
    return phone_messages.list_messages(ctx, "all", include_done=True, limit=500).rows


def test_every_desk_tab_has_work(seeded, frozen) -> None:  # type: ignore[no-untyped-def]
    ctx, made = seeded
    assert made == DemoDeskResult(messages=14, tasks=9, directory_entries=5, referrals=8, incoming_referrals=2,
                                  recalls=11)
    assert phone_messages.count_messages(ctx, "all", include_done=True) == 14
    assert phone_messages.count_messages(ctx, "all") == 9  # five are done
    assert tasks.count_tasks(ctx, "all", include_done=True) == 9
    assert tasks.count_tasks(ctx, "all") == 8
    assert len(outside_directory.list_outside_providers(ctx)) == 5
    assert referrals.open_referrals(ctx).total == 6
    this_month, end_of_next = TODAY.replace(day=1), date(2026, 12, 31)
    assert len(recalls.list_recalls(ctx, this_month, end_of_next).rows) == 10
    assert len(recalls.list_recalls(ctx, this_month, end_of_next, include_closed=True).rows) == 11
    # Each demo login opens an inbox and a task list with something in it.
    for username in ("demo", "reception", "biller"):
        who = _as(ctx, username)
        assert phone_messages.count_messages(who, "inbox") >= 1, username
        assert tasks.count_tasks(who, "mine") >= 1, username
    assert phone_messages.unread_count(ctx) == 4


def test_messages_mix_callers_routes_and_states(seeded, frozen) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    rows = _all_messages(ctx)
    assert {r.urgency for r in rows} == {"routine", "today", "urgent"}
    assert Counter(r.status for r in rows) == {"open": 6, "in_progress": 3, "done": 5}
    assert sum(r.patient_id is None for r in rows) == 3  # a lab, a specialist's office, a supplier
    about_a_patient = [r for r in rows if r.caller_name.startswith(("Maple Pharmacy", "Empire Health Plan"))]
    assert len(about_a_patient) == 2 and all(r.patient_id is not None for r in about_a_patient)
    assert all(r.callback_phone.startswith("+1") and r.callback_phone[5:10] == "55501" for r in rows if r.call_back)
    assert {r.to_role for r in rows} >= {"front_desk", "billing", "admin"}
    assert {r.to_label for r in rows if r.to_user_id} == {"Dana Demo", "Rita Reception", "Ben Biller"}
    assert {r.taken_by_name for r in rows} == {"Dana Demo", "Rita Reception", "Ben Biller"}
    assert all(r.created_at <= WEDNESDAY_MORNING for r in rows)
    # Read by one recipient: Rita opened the message sent to her, Dana has not.
    to_rita = next(r for r in rows if r.to_label == "Rita Reception")
    assert not next(r for r in _all_messages(_as(ctx, "reception")) if r.id == to_rita.id).unread
    thread = next(r for r in rows if r.reason == "Billing question")
    notes = phone_messages.get_message(ctx, thread.id).notes
    assert len(notes) == 2 and {n.user_name for n in notes} == {"Ben Biller", "Rita Reception"}


def test_overdue_items_exist_and_are_flagged(seeded, frozen) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    overdue = {r.reason: r for r in _all_messages(ctx) if r.overdue}
    assert set(overdue) == {"Test results question", "Prior authorization"}
    assert all(r.due_at < WEDNESDAY_MORNING and r.status != "done" for r in overdue.values())
    task_rows = tasks.task_rows(ctx, "all", include_done=True)
    late = [t for t in task_rows if t.overdue]
    assert [t.title for t in late] == ["Mail prior-authorization form to the payer"]
    assert late[0].due_date < TODAY and task_rows[0].id == late[0].id  # earliest due first: at the top
    assert sum(t.status == "done" for t in task_rows) == 1
    assert all(t.due_date >= TODAY for t in task_rows if not t.overdue)
    page = referrals.open_referrals(ctx)
    reasons = sorted(r.overdue_reason for r in page.rows if r.overdue)
    assert reasons == ["No appointment yet 20 days after the request", "The appointment date has passed: was it kept?"]


def test_referrals_directory_and_recalls_are_valid(seeded, frozen) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    entries = outside_directory.list_outside_providers(ctx)
    assert {e.kind for e in entries} == {"provider", "facility"}
    for entry in entries:
        if entry.npi:
            assert validate_npi(entry.npi, "npi") == entry.npi
        assert entry.phone[5:10] == "55501"
    page = referrals.open_referrals(ctx)
    assert {r.status for r in page.rows} == {"requested", "authorization_pending", "scheduled", "confirmed",
                                             "completed"}
    patients = {r.patient_id for r in page.rows}
    assert len(patients) == 6
    with ctx.db.session(write=False) as session:
        closed = list(session.scalars(select(Referral.id).where(Referral.status.in_(("report_received", "cancelled")))))
        assert session.scalar(select(func.count()).select_from(IncomingReferral)) == 2
    # The closed ones are off the tracking list but on their patient's record.
    assert sorted(referrals.get_referral(ctx, rid).row.status for rid in closed) == ["cancelled", "report_received"]
    rows = recalls.list_recalls(ctx, TODAY.replace(day=1), date(2026, 12, 31), include_closed=True).rows
    assert all(TODAY <= r.due_date <= date(2026, 12, 31) for r in rows)
    assert len({r.patient_id for r in rows}) == 11
    assert Counter(r.state for r in rows) == {"open": 10, "closed": 1}
    assert {r.last_outcome for r in rows} == {"", "left_message", "no_answer", "reached", "wrong_number", "declined"}


def test_everything_went_through_audited_services(seeded) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    with ctx.db.session(write=False) as session:
        actions = Counter(session.execute(select(AuditEvent.action, AuditEvent.username)).all())
    assert actions[("message.take", "reception")] == 11
    assert actions[("message.take", "biller")] == 2
    assert actions[("task.create", "demo")] == 5
    assert actions[("outside_provider.create", "demo")] == 5
    assert sum(n for (action, _user), n in actions.items() if action == "referral.create") == 8
    assert actions[("recall.add", "reception")] == 11


def test_seeding_twice_adds_nothing(seeded, frozen) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    before = _snapshot(ctx)
    assert seed_demo_desk(ctx, seed=7) == DemoDeskResult()
    assert _snapshot(ctx) == before


def _snapshot(ctx: ServiceContext) -> tuple:  # type: ignore[type-arg]
    messages = [(r.created_at, r.caller_name, r.patient_id, r.reason, r.urgency, r.status, r.to_label, r.due_at)
                for r in _all_messages(ctx)]
    task_rows = [(t.title, t.patient_id, t.to_label, t.due_date, t.status) for t in
                 tasks.task_rows(ctx, "all", include_done=True)]
    refs = [(r.patient_id, r.destination, r.status, r.requested_on, r.appointment_date)
            for r in referrals.open_referrals(ctx).rows]
    recall_rows = [(r.patient_id, r.due_date, r.reason, r.state, r.last_outcome) for r in
                   recalls.list_recalls(ctx, TODAY, date(2026, 12, 31), include_closed=True).rows]
    npis = [e.npi for e in outside_directory.list_outside_providers(ctx)]
    return messages, task_rows, refs, recall_rows, npis


def test_the_same_seed_gives_the_same_desk(seeded, frozen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = seeded
    twin = _demo(tmp_path / "twin")
    other = _demo(tmp_path / "other")
    try:
        seed_demo_desk(twin, seed=7)
        seed_demo_desk(other, seed=8)
        assert _snapshot(twin) == _snapshot(ctx)
        assert _snapshot(other)[0] != _snapshot(ctx)[0]  # another seed picks other patients
    finally:
        twin.db.close()
        other.db.close()


@pytest.mark.parametrize("now", [
    datetime(2026, 11, 23, 4, 0, tzinfo=UTC),  # Sunday 11 PM: the desk's last day is Friday
    datetime(2026, 11, 23, 13, 5, tzinfo=UTC),  # Monday 8:05 AM, before the office opens
    datetime(2026, 11, 25, 22, 30, tzinfo=UTC),  # Wednesday 5:30 PM, after closing
], ids=["sunday-night", "monday-early", "evening"])
def test_seeding_at_any_hour_never_dates_items_after_now(now, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(st, "utc_now", lambda: now)
    ctx = _demo(tmp_path / "p")
    try:
        made = seed_demo_desk(ctx, seed=3)
        assert made.messages == 14 and made.recalls == 11
        rows = _all_messages(ctx)
        assert all(r.created_at <= now for r in rows)
        assert {"Test results question", "Prior authorization"} <= {r.reason for r in rows if r.overdue}
        assert sum(t.overdue for t in tasks.task_rows(ctx, "all")) == 1
        assert all(r.requested_on <= st.local_date(now, st.zone("America/New_York"))
                   for r in referrals.open_referrals(ctx).rows)
    finally:
        ctx.db.close()


def test_seeding_a_fresh_3000_patient_demo_fills_the_desk(frozen, tmp_path: Path) -> None:
    ctx = _demo(tmp_path / "p", patients=3000)
    try:
        made = seed_demo_desk(ctx)  # its speed: `frontdesk bench` demo_desk_seed
        assert made.messages and made.referrals and made.recalls
    finally:
        ctx.db.close()


def test_only_a_demo_practice_is_seeded(admin_ctx: ServiceContext) -> None:
    with pytest.raises(ConflictError):
        seed_demo_desk(admin_ctx)
    assert phone_messages.count_messages(admin_ctx, "all", include_done=True) == 0


def test_the_services_clock_moves_for_this_thread_only(frozen) -> None:
    earlier = WEDNESDAY_MORNING - timedelta(days=3)
    seen: list[datetime] = []
    with services_clock(earlier):
        assert st.utc_now() == earlier
        other = threading.Thread(target=lambda: seen.append(st.utc_now()))
        other.start()
        other.join()
    assert seen == [WEDNESDAY_MORNING]
    assert st.utc_now() == WEDNESDAY_MORNING
