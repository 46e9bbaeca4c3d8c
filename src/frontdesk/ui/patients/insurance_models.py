"""Table models of the Insurance tab: a patient's policies (history greyed and labelled) and eligibility checks."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.patients.eligibility import EligibilityCheckInfo
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column, RecordTableModel


def policy_status_text(policy: PolicyRecord) -> str:
    """'In effect', 'Ended 03/01/2026' or 'Starts 04/01/2026': the words, so colour is never the only cue."""
    if policy.status == "ended":
        return f"Ended {format_date(policy.end_date)}"
    if policy.status == "future":
        return f"Starts {format_date(policy.effective_date)}"
    return "In effect"


def coverage_text(policy: PolicyRecord) -> str:
    """'01/01/2026 to 12/31/2026' (with an en dash), or 'from 01/01/2026' when no end date is known."""
    if policy.end_date is None:
        return f"from {format_date(policy.effective_date)}"
    return f"{format_date(policy.effective_date)} \u2013 {format_date(policy.end_date)}"


def subscriber_text(policy: PolicyRecord) -> str:
    """'Self' or 'Doe, John (Spouse)'."""
    if policy.relationship == "self":
        return "Self"
    return f"{policy.subscriber_name} ({policy.relationship_label})"


def policy_title(policy: PolicyRecord) -> str:
    """How dialogs name a policy: 'Aetna, member W123-456 789 (primary)'."""
    return f"{policy.payer_name}, member {policy.member_id} ({policy.rank_label.lower()})"


def check_text(check: EligibilityCheckInfo) -> str:
    """One line about a check: '11/27/2026 by phone: Active, ref ABC123 (rita)'."""
    ref = f", ref {check.reference_number}" if check.reference_number else ""
    who = f" ({check.checked_by})" if check.checked_by else ""
    benefits = f"; {check.benefits_text}" if check.benefits_text else ""
    note = f"; {check.note}" if check.source == "271" and check.note else ""  # a 271 rejection's reason
    return (f"{format_date(check.checked_on)} by {check.method_label.lower()}: {check.result_label}{benefits}{note}"
            f"{ref}{who}")


def _order_key(policy: PolicyRecord) -> int:
    """The service's order as one number: current and future by rank, then history, newest first."""
    ended = 1 if policy.status == "ended" else 0
    return ended * 100_000_000 + policy.rank * 10_000_000 + (9_999_999 - policy.effective_date.toordinal())


def _muted(policy: PolicyRecord) -> QColor | None:
    return MUTED_COLOUR if policy.status == "ended" else None


def _date_key(value: date | None) -> int:
    return value.toordinal() if value is not None else 0


POLICY_COLUMNS: list[Column[PolicyRecord]] = [
    Column("Rank", lambda p: p.rank_label, sort=_order_key, colour=_muted),
    Column("Payer", lambda p: p.payer_name, colour=_muted),
    Column("Member ID", lambda p: p.member_id, colour=_muted),
    Column("Group", lambda p: p.group_number, colour=_muted),
    Column("Plan", lambda p: p.plan_name, colour=_muted),
    Column("Subscriber", subscriber_text, colour=_muted),
    Column("Coverage", coverage_text, sort=lambda p: _date_key(p.effective_date), colour=_muted),
    Column("Copay", lambda p: format_money(p.copay), sort=lambda p: int(p.copay * 100), colour=_muted),
    Column("Status", policy_status_text, sort=_order_key, colour=_muted),
]


class PoliciesModel(RecordTableModel[PolicyRecord]):
    """A patient's policies: current and future ones by rank, then ended ones as greyed, labelled history."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(POLICY_COLUMNS, parent)

    def row_of(self, policy_id: int) -> int:
        """Row index of a policy id, or -1."""
        return next((i for i, p in enumerate(self._rows) if p.id == policy_id), -1)


CHECK_COLUMNS: list[Column[EligibilityCheckInfo]] = [
    Column("Date checked", lambda c: format_date(c.checked_on), sort=lambda c: _date_key(c.checked_on)),
    Column("Method", lambda c: c.method_label),
    Column("Result", lambda c: c.result_label),
    Column("Payer contact", lambda c: c.payer_contact),
    Column("Reference #", lambda c: c.reference_number),
    Column("Checked by", lambda c: c.checked_by),
    Column("Note", lambda c: c.note.replace("\n", " ")),
]


class ChecksModel(RecordTableModel[EligibilityCheckInfo]):
    """A policy's eligibility checks, newest first."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(CHECK_COLUMNS, parent)

    def row_of(self, check_id: int) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == check_id), -1)
