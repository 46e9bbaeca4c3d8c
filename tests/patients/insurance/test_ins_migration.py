"""Revision 0004: its tables match the models, it seeds the standard consents, and it steps down cleanly."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from frontdesk.models import Base
from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import downgrade_to, upgrade_to_head

OUR_TABLES = {"payer", "insurance_policy", "eligibility_check", "insurance_card_image", "consent_type",
              "consent_record", "intake_record"}


def _table_of(diff) -> str:  # type: ignore[no-untyped-def]
    """The table a compare_metadata entry is about (column changes come as lists of tuples)."""
    item = diff[0] if isinstance(diff, list) else diff
    kind = item[0]
    if kind in ("add_table", "remove_table"):
        return item[1].name
    if kind in ("add_column", "remove_column") or kind.startswith("modify_"):
        return item[2]
    return item[1].table.name  # indexes, unique constraints, foreign keys


@pytest.fixture
def empty_db(tmp_path):
    db = Database(tmp_path / "frontdesk.db", os.urandom(32), create=True)
    yield db
    db.close()


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_our_tables_agree_with_the_models(empty_db) -> None:
    upgrade_to_head(empty_db)
    assert OUR_TABLES <= _tables(empty_db)
    with empty_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diffs = compare_metadata(context, Base.metadata)
    # Other revisions may be mid-work in this tree; only differences in this revision's tables count here.
    assert [d for d in diffs if _table_of(d) in OUR_TABLES] == []


def test_standard_consents_are_seeded_and_downgrade_removes_our_tables(empty_db) -> None:
    upgrade_to_head(empty_db)
    with empty_db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT code, required, current_version, validity_months, active "
                                    "FROM consent_type ORDER BY id").fetchall()
    assert rows == [("npp", 1, "2026-01", None, 1), ("financial_policy", 1, "2026-01", 12, 1),
                    ("assignment_of_benefits", 1, "2026-01", 12, 1), ("release_of_information", 1, "2026-01", 12, 1),
                    ("communication", 0, "2026-01", None, 1)]
    downgrade_to(empty_db, "0003")
    assert not OUR_TABLES & _tables(empty_db)
    upgrade_to_head(empty_db)
    assert OUR_TABLES <= _tables(empty_db)
