"""The checked-in schema snapshot `frontdesk check` compares with is exactly what the migrations build."""

from __future__ import annotations

from frontdesk.storage.migrate import head_revision
from frontdesk.storage.schema_check import SNAPSHOT, expected_objects, head_schema_from_migrations, render_snapshot


def test_the_snapshot_is_the_schema_the_migrations_build() -> None:
    built = head_schema_from_migrations()
    # After a new migration: python -m frontdesk.storage.schema_check (rewrites storage/schema_head.py).
    assert expected_objects() == built
    assert SNAPSHOT.read_text(encoding="utf-8") == render_snapshot(built)
    assert f"head {head_revision()}." in SNAPSHOT.read_text(encoding="utf-8")


def test_the_snapshot_holds_every_kind_of_object() -> None:
    kinds = {kind for kind, _name in expected_objects()}
    assert {"table", "index", "trigger"} <= kinds
    assert ("trigger", "payment_no_update") in expected_objects()
