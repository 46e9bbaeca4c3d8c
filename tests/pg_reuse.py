"""Server-mode test databases reused between tests: emptied back to the template's rows instead of re-copied.

``CREATE DATABASE ... TEMPLATE`` copies every file of the database (the catalogue alone is ~8 MB): about a
second per test on a loaded 2-core CI machine, which made the PostgreSQL pass of the service tests several
times slower than the SQLite one. The template practice holds a dozen rows, so putting a used database back
is cheap: with triggers and foreign keys off for the one transaction (``session_replication_role =
replica``, the tests' superuser may), every table is emptied, the template's rows go back in and every
sequence gets the template's value.

Each database's SQLAlchemy engine (no pool: it holds no connection between tests) is kept for the process, so
putting a copy back neither sets up a dialect (a connection's first queries) nor compiles the inserts again: that
was about half of each put-back.

A database is put back only when nothing else could tell it from a fresh copy: no other session is still
connected to it, and its schema fingerprint (tables, columns and types, privileges, triggers, functions,
constraints, per-database settings) is the template's. Otherwise it is dropped, as before, and the next test
gets a fresh copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.pool import NullPool

_FINGERPRINT = text("""
SELECT md5(concat_ws('|',
  (SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '') || ':' ||
                     coalesce((SELECT string_agg(a.attname || ' ' || a.atttypid || ' ' || a.atttypmod || ' '
                                                 || a.attnotnull::text, ',' ORDER BY a.attnum)
                               FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                                 AND NOT a.attisdropped), ''), ';' ORDER BY c.relname)
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
  (SELECT string_agg(t.tgname || ':' || t.tgenabled::text, ';' ORDER BY t.tgname, t.tgrelid) FROM pg_trigger t),
  (SELECT string_agg(p.proname || ':' || md5(p.prosrc), ';' ORDER BY p.proname, p.oid)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')),
  (SELECT string_agg(conname, ';' ORDER BY conname, conrelid) FROM pg_constraint),
  (SELECT string_agg(nspname || ':' || coalesce(nspacl::text, ''), ';' ORDER BY nspname) FROM pg_namespace),
  (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
   WHERE d.datname = current_database())))
""")
_OTHER_SESSIONS = text("SELECT count(*) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
_SEQUENCES = text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")


@dataclass
class Pristine:
    """What a fresh copy of the template holds: its rows, its sequences' values, its schema's fingerprint."""

    tables: list[Table]
    rows: dict[str, list[dict[str, Any]]]
    sequences: list[tuple[str, int | None]]
    fingerprint: str
    _engines: dict[str, Engine] = field(default_factory=dict, repr=False)  # url -> its engine, for this process

    @classmethod
    def read(cls, url: str) -> Pristine:
        engine = create_engine(url, poolclass=NullPool)
        try:
            meta = MetaData()
            meta.reflect(engine)
            tables = sorted(meta.tables.values(), key=lambda t: t.name)  # any order: rows go back with FKs off
            with engine.connect() as conn:
                rows = {t.name: [dict(r._mapping) for r in conn.execute(select(t))] for t in tables}
                sequences = [(name, value) for name, value in conn.execute(_SEQUENCES)]
                fingerprint = str(conn.execute(_FINGERPRINT).scalar_one())
        finally:
            engine.dispose()  # a template database must have no connection when it is copied
        return cls(tables, {k: v for k, v in rows.items() if v}, sequences, fingerprint)

    def restore(self, url: str) -> bool:
        """Put a used copy back as the template left it; False when it cannot be (then drop it)."""
        engine = self._engines.get(url)
        if engine is None:
            engine = self._engines[url] = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                if conn.execute(_OTHER_SESSIONS).scalar_one() or \
                        conn.execute(_FINGERPRINT).scalar_one() != self.fingerprint:
                    return False
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                conn.exec_driver_sql("; ".join(f'DELETE FROM "{t.name}"' for t in self.tables))
                for table in self.tables:
                    if table.name in self.rows:
                        conn.execute(insert(table), self.rows[table.name])
                if self.sequences:
                    conn.exec_driver_sql("SELECT " + ", ".join(
                        f"setval('\"{name}\"', {value if value is not None else 1}, {value is not None})"
                        for name, value in self.sequences))
            return True
        except Exception:  # anything odd: the caller drops this copy and makes a fresh one
            return False
