"""The admin table models: Qt's model tester, status words, sorting, lazy audit batches."""

# Fixed dates are data here: NOW is a last sign-in shown as text; the live lock is relative to the real clock.

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.services.admin.audit import AuditRow
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.admin.audit_model import BATCH, AuditModel
from frontdesk.ui.admin.models import ProvidersModel, UsersModel, user_status
from frontdesk.ui.widgets.models import SORT_ROLE

NOW = datetime(2026, 3, 14, 19, 0, tzinfo=UTC)
CLOCK = st.PracticeClock(st.zone("America/New_York"))  # the practice's clock every shown time is on


def _user(uid: int, name: str, *, active: bool = True, locked_until: datetime | None = None,
          last: datetime | None = None) -> UserInfo:
    return UserInfo(uid, name, name.title() + " Person", Role.FRONT_DESK, active, locked_until, last, 0)


def _users() -> list[UserInfo]:
    return [
        _user(1, "admin", last=NOW - timedelta(days=1)),
        _user(2, "rita", locked_until=datetime.now(UTC) + timedelta(minutes=10)),
        _user(3, "olduser", active=False, last=NOW - timedelta(days=30)),
    ]


def _audit_rows(n: int) -> list[AuditRow]:
    return [AuditRow(n - i, NOW - timedelta(minutes=i), "admin" if i % 2 else "", "login", "user", str(i),
                     i if i % 3 == 0 else None, f"detail {i}") for i in range(n)]


def test_users_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = UsersModel(CLOCK)
    model.set_rows(_users())
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(4, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    # 'Never' signed in sorts before any date, and older sign-ins before newer ones.
    assert [proxy.index(r, 0).data() for r in range(3)] == ["rita", "olduser", "admin"]


def test_empty_users_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(UsersModel(CLOCK))


def test_user_status_in_words() -> None:
    active, locked, gone = _users()
    assert user_status(active, CLOCK.tz) == "Active"
    assert user_status(gone, CLOCK.tz) == "Deactivated"
    assert user_status(locked, CLOCK.tz).startswith("Locked until ")
    assert user_status(locked, CLOCK.tz, now=locked.locked_until + timedelta(seconds=1)) == "Active", "locks expire"
    # A lock that ends on another day says which day.
    later = _user(4, "bob", locked_until=NOW + timedelta(days=2))
    text = user_status(later, CLOCK.tz, now=NOW)
    assert text.startswith("Locked until ") and text.count("/") == 2


def test_status_column_has_a_colour_and_words_for_locked_users() -> None:
    model = UsersModel(CLOCK)
    model.set_rows(_users())
    status = model.index(1, 3)
    assert status.data().startswith("Locked until")
    assert status.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is None


def test_providers_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ProvidersModel()
    model.set_rows([ProviderInfo(1, "Maria", "Lopez", "MD", "1234567893", "207Q00000X", True),
                    ProviderInfo(2, "John", "Smith", "NP", "1245319599", "", False)])
    qtmodeltester.check(model)
    assert [model.index(1, c).data() for c in range(5)] == ["Smith, John", "NP", "1245319599", "", "Deactivated"]
    assert model.row_of(2) == 1 and model.row_of(99) == -1


def test_audit_model_fetches_in_batches(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = AuditModel(CLOCK)
    model.set_rows(_audit_rows(2 * BATCH + 17))
    assert model.rowCount() == BATCH and model.total() == 2 * BATCH + 17
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * BATCH
    qtmodeltester.check(model)  # after a fetchMore (the tester fetches the rest itself)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * BATCH + 17
    assert not model.canFetchMore(QModelIndex())
    assert model.index(1, 1).data() == "admin" and model.index(0, 1).data() == "(none)"
    assert model.index(0, 5).data() == "0" and model.index(1, 5).data() == ""


def test_audit_model_time_is_local_us_format_with_seconds() -> None:
    model = AuditModel(CLOCK)
    model.set_rows(_audit_rows(1))
    local = NOW.astimezone(CLOCK.tz)  # the practice's clock, not the workstation's
    expected = local.strftime("%m/%d/%Y ") + local.strftime("%I:%M:%S %p").lstrip("0")
    assert model.index(0, 0).data() == expected


def test_small_audit_result_has_nothing_more_to_fetch(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = AuditModel(CLOCK)
    model.set_rows(_audit_rows(5))
    assert model.rowCount() == 5 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
