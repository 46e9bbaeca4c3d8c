"""Money on PostgreSQL holds the largest amount entry accepts (issue 19): ``*_cents`` columns are BIGINT there.

PostgreSQL's INTEGER is 32-bit (it stops at $21,474,836.47) while money entry accepts up to
``domain.money.MAX_AMOUNT``; SQLite's INTEGER is 64-bit already and its schema stays as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from calendar_support import build_clinic
from sqlalchemy import BigInteger, inspect, text
from sqlalchemy.dialects import postgresql

from frontdesk.domain import schedule_time as st
from frontdesk.domain.money import MAX_AMOUNT
from frontdesk.models import Base, Payer
from frontdesk.services._audit_chain import verify_chain, verify_posted_money
from frontdesk.services.payments import insurance_payments, payments

NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
LARGEST = f"${MAX_AMOUNT:,}"  # "$99,999,999.99"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def test_the_largest_payment_is_stored_and_read_back_exactly(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    taken = payments.take_payment(frontdesk_ctx, clinic.pat[0], method="check", amount=LARGEST, check_number="101")
    assert payments.get_payment(frontdesk_ctx, taken.id).amount == MAX_AMOUNT
    with practice.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT amount_cents FROM payment WHERE id = :id"), {"id": taken.id}).scalar_one()
    assert stored == 9_999_999_999
    with practice.db.session(write=False) as session:  # the audit chain's money seal covers the large row too
        assert verify_chain(session, practice.db.audit_key).ok
        checked, problems = verify_posted_money(session)
    assert checked >= 1 and problems == []


def test_the_largest_payer_check_is_stored_and_read_back_exactly(admin_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    with practice.db.session(write=True) as session:
        payer = Payer(name="Blue Prairie Health", name_key="blue prairie health", claim_type="group_health_plan")
        session.add(payer)
        session.flush()
        payer_id = payer.id
    check = insurance_payments.enter_insurance_payment(admin_ctx, payer_id, kind="eft", number="TRN-1",
                                                       paid_on=date(2030, 3, 4), total=LARGEST)
    assert insurance_payments.get_insurance_payment(admin_ctx, check.id).total == MAX_AMOUNT


def _money_columns() -> list[tuple[str, str]]:
    return sorted((table.name, column.name) for table in Base.metadata.sorted_tables for column in table.columns
                  if column.name.endswith("_cents"))


def test_every_money_column_is_bigint_on_postgresql(practice) -> None:  # type: ignore[no-untyped-def]
    money = _money_columns()
    assert len(money) > 30  # the models were found
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    assert [(t, c) for t, c in money if Base.metadata.tables[t].c[c].type.compile(dialect=dialect) != "BIGINT"] == []
    insp = inspect(practice.db.engine)  # what the migrations built
    built = {(t, c["name"]): c["type"] for t in insp.get_table_names() for c in insp.get_columns(t)}
    assert [(t, c) for t, c in money if not isinstance(built[t, c], BigInteger)] == []
    assert sorted(k for k, v in built.items() if k[1].endswith("_cents")) == money
