"""What a role may use from the menus: actions it lacks the permission for are greyed out with the reason.

The services refuse these anyway (deny by default); greying them out only saves a user a refusal. The Admin
menu stays hidden for non-administrators (window._apply_actor), as before.
"""

from __future__ import annotations

from PySide6.QtGui import QAction

from frontdesk.domain.permissions import Permission, Role, denied_reason, role_allows
from frontdesk.ui.main_window.menus import REPORT_AREAS, MenuActions
from frontdesk.ui.main_window.panes import PANES


def gated_actions(actions: MenuActions) -> list[tuple[QAction, Permission, str]]:
    """(action, the permission it needs, what to call it in the reason)."""
    gates = [(actions.end_of_day, Permission.CLOSE_DAY, "End of day"), (actions.backup, Permission.BACKUP, "Backup")]
    gates += [(action, Permission.EDIT_PATIENTS, "Eligibility files") for action in actions.eligibility.values()]
    gates += [(actions.go[spec.key], spec.needs, spec.title) for spec in PANES if spec.needs is not None]
    gates += [(actions.reports[area], needs, label.replace("&", "").rstrip("…")) for label, area, needs in REPORT_AREAS]
    return gates


def apply_role_gates(actions: MenuActions, role: Role | None, locked: bool) -> None:
    """Enable each gated action only for a role that has its permission; say why when it is not."""
    for action, permission, what in gated_actions(actions):
        allowed = role is not None and role_allows(role, permission)
        action.setEnabled(allowed and not locked)
        reason = "" if allowed or role is None else denied_reason(what, role)
        action.setToolTip(reason or action.text().replace("&", ""))
        action.setStatusTip(reason)
