"""The Admin pane as a whole: tabs, lazy loading, and what a non-admin (or nobody) sees."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from uisupport import click

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services._base import Actor
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.user_dialogs import AddUserDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner


def test_show_tab_brings_each_tab_forward(pane) -> None:  # type: ignore[no-untyped-def]
    for name in ("users", "practice", "providers", "audit"):
        tab = pane.show_tab(name)
        assert pane.currentWidget() is tab is pane.tab(name)
        assert tab.isVisible()
    with pytest.raises(ValueError, match="unknown admin tab"):
        pane.show_tab("billing")


def test_hidden_tabs_load_only_when_shown(qtbot, uictx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real_call = uictx.call

    def spy(service, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(service.__name__)
        return real_call(service, *args, **kwargs)

    monkeypatch.setattr(uictx, "call", spy)
    pane = AdminPane(uictx)
    qtbot.addWidget(pane)
    pane.show()
    assert calls == ["list_users"], "only the visible Users tab loads"
    pane.show_tab("providers")
    assert calls[-1] == "list_providers"
    assert "list_events" not in calls


def test_tabs_refresh_after_changes_made_elsewhere(pane, notifying_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("users")
    info = users.add_user(notifying_ctx(practice.actor), "zed", "Zed Zulu", Role.BILLING, "zed's quiet lantern orchard")
    assert tab.model.row_of(info.id) >= 0


def test_front_desk_user_sees_explanations_not_errors(qtbot, pane, uictx, practice, notifying_ctx,  # type: ignore[no-untyped-def]
                                                      shown_errors) -> None:
    info = users.add_user(notifying_ctx(practice.actor), "rita", "Rita Reception", Role.FRONT_DESK,
                          "rita's own violet canyon")
    users_tab = pane.show_tab("users")
    assert users_tab.model.rowCount() == 2
    uictx.set_actor(Actor(info.id, info.username, info.full_name, info.role))
    assert users_tab.model.rowCount() == 0, "a user switch drops what the admin saw"
    assert "Only an administrator" in users_tab.notice.text()
    assert not users_tab.add_button.isEnabled()
    audit_tab = pane.show_tab("audit")
    assert audit_tab.model.total() == 0 and not audit_tab.export_button.isEnabled()
    assert "Only an administrator" in audit_tab.notice.text()
    practice_tab = pane.show_tab("practice")
    assert not practice_tab.save_button.isEnabled() and practice_tab.edits["legal_name"].text() == ""
    providers_tab = pane.show_tab("providers")
    assert not providers_tab.add_button.isEnabled(), "front desk may view providers, not add them"
    assert shown_errors == [], "nothing was asked of the services that the role does not allow"
    # Back to the admin: everything loads again.
    uictx.set_actor(practice.actor)
    assert providers_tab.add_button.isEnabled()
    pane.show_tab("users")
    assert users_tab.model.rowCount() == 2 and not users_tab.notice.isVisible()


def test_signed_out_pane_stays_empty(qtbot, uictx, shown_errors) -> None:  # type: ignore[no-untyped-def]
    uictx.set_actor(None)
    pane = AdminPane(uictx)
    qtbot.addWidget(pane)
    pane.show()
    assert pane.users_tab.model.rowCount() == 0
    assert shown_errors == []


def test_screenshots_at_1280x720(pane, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Every tab renders at the size the brief asks for (the PNGs are looked at by a person).
    for name in AdminPane.TAB_NAMES:
        pane.show_tab(name)
        image = pane.grab()
        assert (image.width(), image.height()) == (1280, 720)
        assert image.save(str(tmp_path / f"admin-{name}.png"))


def test_works_with_the_threaded_runner(qtbot, practice, data_paths, drive_dialog, shown_errors,  # type: ignore[no-untyped-def]
                                        monkeypatch) -> None:
    # The app runs service calls on a worker thread; results arrive later, on the GUI thread.
    release = threading.Event()
    real_add_user = users.add_user

    def held_add_user(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(timeout=10)  # the worker holds the call until the test has looked at the dialog
        return real_add_user(*args, **kwargs)

    monkeypatch.setattr(users, "add_user", held_add_user)
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        uictx = UiContext(practice.db, data_paths, runner)
        uictx.set_actor(practice.actor)
        statuses: list[str] = []
        pane = AdminPane(uictx, status=statuses.append)
        qtbot.addWidget(pane)
        pane.show()
        tab = pane.users_tab
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1)

        def fill(dialog: AddUserDialog) -> None:
            qtbot.keyClicks(dialog.username, "tara")
            qtbot.keyClicks(dialog.full_name, "Tara Thread")
            qtbot.keyClicks(dialog.passwords.password, "tara's long password")
            qtbot.keyClicks(dialog.passwords.confirm, "tara's long password")
            click(qtbot, dialog.ok_button)
            assert not dialog.ok_button.isEnabled(), "no second submit while the first runs"
            dialog.reject()
            assert dialog.isVisible(), "cannot be closed while its call runs"
            release.set()
            qtbot.waitUntil(lambda: not dialog.isVisible())

        drive_dialog(AddUserDialog, fill)
        click(qtbot, tab.add_button)
        qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
        qtbot.waitUntil(lambda: tab.selected_user() is not None)
        assert tab.selected_user().username == "tara", "the new user is selected once the list arrives"
        assert statuses == ["Added user tara (Front desk)."]
        assert shown_errors == []
    finally:
        release.set()
        runner.shutdown()


def test_a_deleted_pane_ignores_later_changes(qtbot, uictx, shown_errors) -> None:  # type: ignore[no-untyped-def]
    # The main window drops its panes when another user signs in; the context lives on.
    pane = AdminPane(uictx)
    pane.show()
    shiboken6.delete(pane)
    uictx.changed.emit(frozenset({"users", "audit", "practice", "providers"}))
    uictx.set_actor(None)
    assert shown_errors == []
