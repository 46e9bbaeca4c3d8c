"""The roles of a practice server, what each may do, and the enrolment table with its two functions.

``frontdesk_owner`` (no login) owns the database, its tables and the SECURITY DEFINER functions; the
migrations run as it. ``frontdesk_app`` is the only role the workstations use: it reads and writes the
ordinary tables, and only reads and appends to the audit trail and the posted money (on top of the
triggers that refuse edits: a stolen workstation password cannot rewrite history even where a trigger
could be dropped, and it cannot drop one: no DDL); it only reads the server's key file (a backup puts it in its
manifest). ``frontdesk_enrol`` may only redeem an enrolment code.

All SQL runs on a psycopg connection of the superuser, in autocommit mode, to the practice database.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from frontdesk.storage.server_key_file import REWRAP, TABLE as KEY_FILE_TABLE

OWNER_ROLE = "frontdesk_owner"
APP_ROLE = "frontdesk_app"
ENROL_ROLE = "frontdesk_enrol"
ROLES = (OWNER_ROLE, APP_ROLE, ENROL_ROLE)
ENROLMENT_TABLE = "frontdesk_enrolment"
REDEEM = "frontdesk_redeem_enrolment"
ISSUE = "frontdesk_issue_enrolment"
CODE_DAYS = 7
MIGRATIONS_TABLE = "alembic_version"
READ_ONLY = (MIGRATIONS_TABLE, KEY_FILE_TABLE)  # a workstation checks the schema; a backup takes the key file

# The audit trail and the posted money (services/_money_seal.py MONEY_FIELDS, the end-of-day records, ERA
# imports): the app role may SELECT and INSERT, and UPDATE only the columns named (the ones the triggers
# leave open: a merge moves a payment's patient, a payer check closes or is voided, an unmatched ERA claim
# is resolved once). Never DELETE or TRUNCATE. tests/storage/pg/test_pg_setup.py checks that every table
# with a "never deleted" trigger is listed here.
PROTECTED: dict[str, tuple[str, ...]] = {
    "audit_event": (),
    "payment": ("patient_id",),
    "payment_application": (),
    "insurance_payment": ("status", "closed_at", "void_reason", "voided_at", "voided_by"),
    "insurance_line_posting": (),
    "posting_adjustment": (),
    "payer_check_adjustment": (),
    "era_import": (),
    "era_unmatched_claim": ("resolution", "resolved_claim_id", "resolution_note", "resolved_at", "resolved_by"),
    "deposit": (),
    "deposit_item": (),
    "day_close": (),
    "closed_day_correction": (),
    "disclosure": ("patient_id", "voided_at", "voided_by", "void_reason"),
}

_ENROLMENT_SQL = f"""
CREATE TABLE IF NOT EXISTS public.{ENROLMENT_TABLE} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{{64}}$'),
    wrapped bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    used_by text,
    issued_by text NOT NULL
);

CREATE OR REPLACE FUNCTION public.{REDEEM}(token_sha256 text, workstation text) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    found_row public.{ENROLMENT_TABLE}%ROWTYPE;
BEGIN
    SELECT * INTO found_row FROM public.{ENROLMENT_TABLE} AS e
        WHERE e.token_sha256 = {REDEEM}.token_sha256 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown enrolment code' USING ERRCODE = 'FD001';
    END IF;
    IF found_row.used_at IS NOT NULL THEN
        RAISE EXCEPTION 'used %', to_char(found_row.used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
            USING ERRCODE = 'FD002';
    END IF;
    IF found_row.expires_at <= now() THEN
        RAISE EXCEPTION 'expired %', to_char(found_row.expires_at AT TIME ZONE 'UTC',
                                              'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
            USING ERRCODE = 'FD003';
    END IF;
    UPDATE public.{ENROLMENT_TABLE} SET used_at = now(), used_by = left(coalesce(workstation, ''), 200)
        WHERE id = found_row.id;
    RETURN found_row.wrapped;
END
$fn$;

CREATE OR REPLACE FUNCTION public.{ISSUE}(token_sha256 text, wrapped bytea, issued_by text)
RETURNS timestamptz
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
    INSERT INTO public.{ENROLMENT_TABLE} (token_sha256, wrapped, expires_at, issued_by)
    VALUES ({ISSUE}.token_sha256, {ISSUE}.wrapped, now() + interval '{CODE_DAYS} days', left({ISSUE}.issued_by, 200))
    RETURNING expires_at
$fn$;

-- A workstation may re-wrap the practice key under a new administrator passphrase and nothing else: the key id,
-- the recovery slot and the format stay as they are, so the recovery key keeps opening the backups whatever a
-- workstation sends. (The app role has no UPDATE on the key file itself.)
CREATE OR REPLACE FUNCTION public.{REWRAP}(new_key_file text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    old jsonb;
    new jsonb := new_key_file::jsonb;
BEGIN
    SELECT key_file::jsonb INTO old FROM public.{KEY_FILE_TABLE} WHERE id = 1 FOR UPDATE;
    IF old IS NULL THEN
        RAISE EXCEPTION 'this practice server holds no key file' USING ERRCODE = 'FD010';
    END IF;
    IF (old - 'passphrase' - 'checksum') IS DISTINCT FROM (new - 'passphrase' - 'checksum') THEN
        RAISE EXCEPTION 'only the passphrase of the key file may change' USING ERRCODE = 'FD011';
    END IF;
    UPDATE public.{KEY_FILE_TABLE} SET key_file = new_key_file, stored_at = now() WHERE id = 1;
END
$fn$;
"""


def _ident(*names: str) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


def create_enrolment_objects(conn: psycopg.Connection) -> None:
    """The enrolment table and the two functions, owned by the owner role (CREATE OR REPLACE: re-runnable)."""
    conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(OWNER_ROLE)))
    try:
        conn.execute(_ENROLMENT_SQL)
    finally:
        conn.execute("RESET ROLE")


def _tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in rows]


def apply_grants(conn: psycopg.Connection, database: str) -> None:
    """Every privilege of the app and enrol roles, from nothing: re-run after migrations (new tables)."""
    app, enrol, public = sql.Identifier(APP_ROLE), sql.Identifier(ENROL_ROLE), sql.SQL("PUBLIC")
    everyone = sql.SQL(", ").join([app, enrol, public])
    db = sql.Identifier(database)
    statements = [
        sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(db, everyone),  # no TEMP; no CONNECT for others
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(db, app, enrol),
        sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(everyone),
        # USAGE lets a role name the schema's objects; what it may do with each is granted below
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(app, enrol),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(everyone),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(everyone),
        sql.SQL("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {}").format(everyone),
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(app),
        sql.SQL("GRANT EXECUTE ON FUNCTION public.{}(text, text) TO {}").format(sql.Identifier(REDEEM), enrol),
        sql.SQL("GRANT EXECUTE ON FUNCTION public.{}(text, bytea, text) TO {}").format(sql.Identifier(ISSUE), app),
        sql.SQL("GRANT EXECUTE ON FUNCTION public.{}(text) TO {}").format(sql.Identifier(REWRAP), app),
    ]
    for table in _tables(conn):
        name = sql.Identifier("public", table)
        if table == ENROLMENT_TABLE:
            continue  # through the two functions only
        if table in READ_ONLY:
            statements.append(sql.SQL("GRANT SELECT ON {} TO {}").format(name, app))
        elif table in PROTECTED:
            statements.append(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(name, app))
            if PROTECTED[table]:
                statements.append(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                    _ident(*PROTECTED[table]), name, app))
        else:
            statements.append(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(name, app))
    with conn.transaction():
        for statement in statements:
            conn.execute(statement)


def privilege_problems(conn: psycopg.Connection, database: str) -> list[str]:
    """What the app and enrol roles may do beyond what ``apply_grants`` gives (empty: least privilege holds)."""
    problems = []
    for role in ROLES:
        row = conn.execute("SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication "
                           "FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if row is None:
            problems.append(f"The role {role} is missing.")
        elif row[0]:
            problems.append(f"The role {role} has administrator attributes (superuser, create, bypass...).")
    if problems:
        return problems
    for role in (APP_ROLE, ENROL_ROLE):
        if conn.execute("SELECT has_schema_privilege(%s, 'public', 'CREATE') OR "
                        "has_database_privilege(%s, %s, 'CREATE, TEMPORARY')",
                        (role, role, database)).fetchone()[0]:
            problems.append(f"{role} may create objects in the practice database (DDL).")
    for table in _tables(conn):
        qualified = f"public.{table}"
        if table in PROTECTED or table in (ENROLMENT_TABLE, *READ_ONLY):
            for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
                if conn.execute("SELECT has_table_privilege(%s, %s, %s)",
                                (APP_ROLE, qualified, privilege)).fetchone()[0]:
                    problems.append(f"{APP_ROLE} may {privilege} {table}.")
            updatable = conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = %s AND has_column_privilege(%s, %s, column_name, 'UPDATE')",
                (table, APP_ROLE, qualified)).fetchall()
            extra = sorted({row[0] for row in updatable} - set(PROTECTED.get(table, ())))
            if extra:
                problems.append(f"{APP_ROLE} may UPDATE {table} ({', '.join(extra)}).")
        if conn.execute("SELECT has_table_privilege(%s, %s, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')",
                        (ENROL_ROLE, qualified)).fetchone()[0]:
            problems.append(f"{ENROL_ROLE} may read or write {table}.")
    if conn.execute("SELECT has_table_privilege(%s, %s, 'SELECT')",
                    (APP_ROLE, f"public.{ENROLMENT_TABLE}")).fetchone()[0]:
        problems.append(f"{APP_ROLE} may read the enrolment codes table.")
    return problems
