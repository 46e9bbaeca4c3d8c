"""Upgrading to 0017 seals the money already posted: one chained "money.baseline" event per money table."""

from __future__ import annotations

import os
from datetime import date

from sqlalchemy import select

from frontdesk.models import AuditEvent, EraImport, InsurancePayment, Patient, Payer, Payment
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services._money_seal import verify_money
from frontdesk.storage import migrate
from frontdesk.storage.engine import Database


def _row(conn, model, **given: object) -> int:  # type: ignore[no-untyped-def]
    """A row written with raw SQL (the services of this build need the schema at head), required columns filled."""
    required = [c for c in model.__table__.columns if not c.nullable and not c.primary_key]
    values = {c.name: {int: 0, bool: 0, str: "x", date: "1980-01-01"}.get(c.type.python_type, "2020-11-02 15:00:00")
              for c in required if c.server_default is None or c.name == "status"}
    values.update(given)
    names = ", ".join(values)
    return int(conn.execute(f"INSERT INTO {model.__tablename__} ({names}) VALUES ({', '.join('?' for _ in values)})",
                            list(values.values())).lastrowid)


def _patient(conn) -> int:  # type: ignore[no-untyped-def]
    return _row(conn, Patient, account_number="A1")


def test_money_posted_before_the_upgrade_is_sealed_and_then_checked(tmp_path) -> None:
    db = Database(tmp_path / "frontdesk.db", os.urandom(32), create=True)
    try:
        migrate._run(db, "0017")
        conn = db.raw_connection()
        pid = _patient(conn)
        for cents in (2500, -500):
            conn.execute("INSERT INTO payment (patient_id, kind, method, amount_cents, received_on, check_number, "
                         "card_last4, card_auth_code, note, reason, created_at) VALUES "
                         f"({pid}, 'payment', 'cash', {cents}, '2020-11-02', '', '', '', '', '', "
                         "'2020-11-02 15:00:00.000000')")
        conn.close()
        migrate.upgrade_to_head(db)
        with db.session(write=False) as session:
            events = session.execute(select(AuditEvent.action, AuditEvent.entity_type)).all()
            assert events == [("money.baseline", "payment")]
            assert verify_chain(session, db.audit_key).ok
            assert verify_money(session) == (2, [])
            assert session.scalar(select(Payment.posted_patient_id).where(Payment.id == 2)) == pid
            assert session.scalar(select(AuditEvent.money).where(AuditEvent.seq == 1)).startswith("payment:2:")
        conn = db.raw_connection()
        conn.execute("DROP TRIGGER payment_no_update")
        conn.execute("DROP TRIGGER payment_merge_moves_only_the_patient")
        conn.execute("UPDATE payment SET amount_cents = 1 WHERE id = 2")
        conn.close()
        with db.session(write=False) as session:
            assert verify_money(session)[1] == [
                "payment rows 1-2 differ from what audit event #1 sealed: posted money was changed, added or deleted"]
    finally:
        db.close()


def test_plb_rows_imported_before_0021_are_sealed_by_the_upgrade(tmp_path) -> None:
    db = Database(tmp_path / "frontdesk.db", os.urandom(32), create=True)
    try:
        migrate._run(db, "0019")
        conn = db.raw_connection()
        payer = _row(conn, Payer)
        check = _row(conn, InsurancePayment, payer_id=payer, kind="eft", total_cents=11750)
        era = _row(conn, EraImport, payer_id=payer, insurance_payment_id=check, file_sha256="0" * 64)
        for cents in (2000, -250):
            conn.execute("INSERT INTO payer_check_adjustment (insurance_payment_id, era_import_id, reason_code, "
                         f"reference, amount_cents, created_at) VALUES ({check}, {era}, 'FB', 'X', {cents}, "
                         "'2020-11-02 15:00:00.000000')")
        conn.close()
        migrate.upgrade_to_head(db)
        with db.session(write=False) as session:
            events = session.execute(select(AuditEvent.action, AuditEvent.entity_type)).all()
            assert events == [("money.baseline", "payer_check_adjustment")]
            # The check row was written raw after 0018 (the app seals it when it enters it): only the PLB is 0021's.
            outside = "insurance_payment row 1 is in no audit event: posted money was added outside the app"
            assert verify_chain(session, db.audit_key).ok and verify_money(session) == (2, [outside])
        conn = db.raw_connection()
        conn.execute("DROP TRIGGER payer_check_adjustment_no_update")
        conn.execute("UPDATE payer_check_adjustment SET amount_cents = 1 WHERE id = 1")
        conn.close()
        with db.session(write=False) as session:
            assert verify_money(session)[1] == [outside,
                "payer_check_adjustment rows 1-2 differ from what audit event #1 sealed: posted money was changed, "
                "added or deleted"]
    finally:
        db.close()
