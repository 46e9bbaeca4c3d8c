"""Column types that differ between SQLite and PostgreSQL, shared by the models and the migrations.

``Cents`` is every amount of money (integer cents) and every sum of them. SQLite's INTEGER is 64-bit, but
PostgreSQL's is 32-bit and stops at $21,474,836.47, below what money entry accepts (domain/money.py's
MAX_AMOUNT, $99,999,999.99), so money is BIGINT there. Only that variant: SQLite keeps INTEGER, so its schema
(storage/schema_head.py) is unchanged. Making every Integer BIGINT on PostgreSQL broke SQLAlchemy's own
reading of the catalogue, so the variant is on the money columns alone (tests/storage/pg checks every
``*_cents`` column).

``ByteCount`` is a size in bytes (a backup file, an insurance card image): a backup passes 2 GiB, beyond
PostgreSQL's INTEGER, so it is BIGINT there for the same reason (migration 0023 widened the two columns).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

Cents = Integer().with_variant(BigInteger(), "postgresql")
ByteCount = Integer().with_variant(BigInteger(), "postgresql")
