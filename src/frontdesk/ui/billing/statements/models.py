"""Read-only table columns for statement batches, the statements in a batch and the A/R aging report."""

from __future__ import annotations

from decimal import Decimal

from frontdesk.domain.formats import format_date, format_datetime, format_money
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.payments.aging import BUCKET_LABELS, AgingRow
from frontdesk.services.payments.statements import StatementBatchInfo, StatementInfo
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column, RecordTableModel

BATCH_STATES = {"prepared": "Prepared: waiting to be marked printed", "printed": "Printed (sent)",
                "discarded": "Discarded"}


def batch_columns(clock: PracticeClock) -> list[Column[StatementBatchInfo]]:
    """The statement batches' columns ("Prepared" and "Marked printed" on the practice's clock)."""
    return [
        Column("Batch", lambda b: f"#{b.id}", lambda b: b.id),
        Column("Statement date", lambda b: format_date(b.statement_date),
               lambda b: (b.statement_date.toordinal(), b.id)),
        Column("Status", lambda b: BATCH_STATES.get(b.status, b.status),
               colour=lambda b: MUTED_COLOUR if b.status == "discarded" else None),
        Column("Statements", lambda b: str(b.statement_count), lambda b: b.statement_count),
        Column("Total due", lambda b: format_money(b.total_due), lambda b: b.total_due),
        Column("Prepared", lambda b: format_datetime(b.created_at, clock.tz), lambda b: b.created_at.timestamp()),
        Column("Marked printed", lambda b: format_datetime(b.confirmed_at, clock.tz),
               lambda b: b.confirmed_at.timestamp() if b.confirmed_at else 0.0),
    ]


STATEMENT_COLUMNS: list[Column[StatementInfo]] = [
    Column("Account", lambda s: s.account),
    Column("Sent to", lambda s: s.recipient),
    Column("Amount due", lambda s: format_money(s.amount_due), lambda s: s.amount_due),
    Column("Sent on", lambda s: format_date(s.sent_on) if s.sent_on else "Not sent yet",
           lambda s: s.sent_on.toordinal() if s.sent_on else 0),
]


def _bucket(index: int) -> Column[AgingRow]:
    return Column(BUCKET_LABELS[index], lambda r: format_money(r.combined[index]), lambda r: r.combined[index])


def _money_column(title: str, value) -> Column[AgingRow]:  # type: ignore[no-untyped-def]
    return Column(title, lambda r: format_money(value(r)), lambda r: value(r))


def _credit(row: AgingRow) -> Decimal:
    return -row.credit  # shown as the negative amount it subtracts from the total, as in the CSV


AGING_COLUMNS: list[Column[AgingRow]] = [
    Column("Account", lambda r: r.account_number),
    Column("Name", lambda r: r.label, lambda r: r.label.lower()),
    *(_bucket(i) for i in range(len(BUCKET_LABELS))),
    _money_column("Insurance", lambda r: r.insurance_total),
    _money_column("Patient (after credit)", lambda r: r.patient_total),
    _money_column("Unapplied credit", _credit),
    _money_column("Total", lambda r: r.total),
]

PAYER_COLUMNS: list[Column[AgingRow]] = [c for c in AGING_COLUMNS if c.header != "Account"]
PAYER_COLUMNS[0] = Column("Payer", lambda r: r.label)


class BatchesModel(RecordTableModel[StatementBatchInfo]):
    """Statement batches, newest first as the service returns them."""

    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(batch_columns(clock), parent)

    def row_of(self, batch_id: int) -> int:
        """The row showing ``batch_id``, or -1."""
        return next((i for i, b in enumerate(self.records()) if b.id == batch_id), -1)


class StatementsModel(RecordTableModel[StatementInfo]):
    """The statements of one batch."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(STATEMENT_COLUMNS, parent)


class AgingModel(RecordTableModel[AgingRow]):
    """Aging rows: accounts (``AGING_COLUMNS``) or payers (``PAYER_COLUMNS``)."""

    def __init__(self, columns: list[Column[AgingRow]], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(columns, parent)
