"""Live refresh between workstations (issue 19): a commit on one workstation is heard on the other, topics only.

Two ``PostgresDatabase`` objects on one server database are two workstations; each has its own origin id.
"""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from datetime import UTC, date, datetime

import psycopg
import pytest
from calendar_support import build_clinic, local
from sqlalchemy import text

from frontdesk.domain import schedule_time as st
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.session import ServiceContext
from frontdesk.storage import pg_notify
from frontdesk.storage.pg_engine import PostgresDatabase

TUESDAY = date(2030, 3, 5)
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
HEARD_WITHIN_S = 10  # a generous upper bound for a wait, not a measured duration


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


@pytest.fixture
def second_workstation(practice) -> Iterator[PostgresDatabase]:  # type: ignore[no-untyped-def]
    """Workstation B: its own engine (and origin) on the same practice database as ``practice`` (A)."""
    url = practice.db.engine.url.render_as_string(hide_password=False)
    db = PostgresDatabase(url, practice.db.key)
    yield db
    db.close()


class Heard:
    """A listener on one workstation and what it heard (and when its connection went up or down)."""

    def __init__(self, db: PostgresDatabase, made: list[Heard], *, retry_s: float = pg_notify.RETRY_S) -> None:
        self.topics: queue.Queue[frozenset[str]] = queue.Queue()
        self.connection: queue.Queue[bool] = queue.Queue()
        self.listener = pg_notify.ChangeListener(db.listen_connection, db.origin, self.topics.put,
                                                 on_connection=self.connection.put, retry_s=retry_s).start()
        made.append(self)  # stopped after the test, even when it fails below
        assert self.listener.wait_listening(HEARD_WITHIN_S)

    def next_topics(self) -> frozenset[str]:
        return self.topics.get(timeout=HEARD_WITHIN_S)


@pytest.fixture
def listeners() -> Iterator[list[Heard]]:
    made: list[Heard] = []
    yield made
    for heard in made:
        heard.listener.stop()


def test_a_booking_on_one_workstation_is_heard_on_the_other(admin_ctx, frontdesk_ctx, second_workstation,  # type: ignore[no-untyped-def]
                                                            listeners) -> None:
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    on_b = Heard(second_workstation, listeners)
    appointments.book_appointment(frontdesk_ctx, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                local(TUESDAY, 10)))
    assert "appointments" in on_b.next_topics()


def test_a_workstation_does_not_hear_itself(practice, frontdesk_ctx, second_workstation, listeners) -> None:  # type: ignore[no-untyped-def]
    on_a = Heard(practice.db, listeners)
    b_ctx = ServiceContext(second_workstation, frontdesk_ctx.actor)
    patients.register_patient(frontdesk_ctx, PatientInput(first_name="Ann", last_name="Able", dob="03/14/1962",
                                                          sex="F", phone="(518) 555-0142"))  # A's own: not news
    patients.register_patient(b_ctx, PatientInput(first_name="Bo", last_name="Baker", dob="04/15/1971", sex="M",
                                                  phone="(518) 555-0143"))
    assert "patients" in on_a.next_topics()
    assert on_a.topics.empty()  # only B's registration was heard


def test_a_rolled_back_change_is_never_heard(practice, second_workstation, listeners) -> None:  # type: ignore[no-untyped-def]
    on_b = Heard(second_workstation, listeners)
    with pytest.raises(RuntimeError), practice.db.session(write=True) as session:
        practice.db.announce(session, frozenset({"payments"}))
        raise RuntimeError("the action failed after its notification was queued")
    with practice.db.session(write=True) as session:
        practice.db.announce(session, frozenset({"messages"}))
    assert on_b.next_topics() == {"messages"}  # the first one heard is the committed one


def test_the_payload_carries_topics_only_never_patient_data(practice, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    """Every notification of a registration and a booking, read raw off the channel: an origin and topic
    words, and nothing of the patient (name, birth date, phone, record number)."""
    raw = psycopg.connect(practice.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                          autocommit=True)
    try:
        raw.execute(f"LISTEN {pg_notify.CHANNEL}")
        record = patients.register_patient(frontdesk_ctx, PatientInput(
            first_name="Quintessa", last_name="Zyzzyva", dob="07/21/1958", sex="F", phone="(518) 555-0177"))
        patients.update_patient(frontdesk_ctx, record.id, PatientInput(
            first_name="Quintessa", last_name="Zyzzyva-Moss", dob="07/21/1958", sex="F", phone="(518) 555-0177"))
        payloads = [note.payload for note in raw.notifies(timeout=2, stop_after=2)]
    finally:
        raw.close()
    assert len(payloads) == 2
    for body in payloads:
        data = json.loads(body)
        assert set(data) == {"o", "t"} and data["o"] == practice.db.origin
        assert "patients" in data["t"] and all(pg_notify.TOPIC.fullmatch(topic) for topic in data["t"])
        assert not any(char.isdigit() for topic in data["t"] for char in topic)  # no record number either
        for secret in ("Quintessa", "Zyzzyva", "1958", "555-0177"):
            assert secret.lower() not in body.lower()


def test_only_topic_words_go_on_the_wire() -> None:
    sent = json.loads(pg_notify.payload({"appointments", "Zyzzyva, Quintessa", "12345", "patients", ""}, "abc"))
    assert sent == {"o": "abc", "t": ["appointments", "patients"]}
    assert pg_notify.parse_payload('{"o": "x", "t": ["claims", "Smith John"]}') == ("x", frozenset({"claims"}))
    assert pg_notify.parse_payload("not json") == ("", frozenset())


def test_the_listener_comes_back_after_its_connection_is_cut(practice, second_workstation, listeners) -> None:  # type: ignore[no-untyped-def]
    on_b = Heard(second_workstation, listeners, retry_s=0.2)
    assert on_b.connection.get(timeout=HEARD_WITHIN_S) is True
    with practice.db.engine.connect() as conn:
        cut = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE query = :listen"), {"listen": f"LISTEN {pg_notify.CHANNEL}"}).all()
        conn.commit()
    assert cut == [(True,)]
    assert on_b.connection.get(timeout=HEARD_WITHIN_S) is False
    assert on_b.connection.get(timeout=HEARD_WITHIN_S) is True
    with practice.db.session(write=True) as session:
        practice.db.announce(session, frozenset({"claims"}))
    assert on_b.next_topics() == {"claims"}


def test_stop_ends_the_listener(second_workstation, listeners) -> None:  # type: ignore[no-untyped-def]
    heard = Heard(second_workstation, listeners)
    heard.listener.stop()
    assert not heard.listener.is_running()
