"""The scheduling-conflict box inside the booking and edit dialogs: which rules, and 'Book anyway' when allowed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission, Role, role_allows
from frontdesk.services.scheduling.appointments import MAX_OVERRIDE_REASON, ScheduleConflict
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.form import FieldError


def may_override(uictx: UiContext) -> bool:
    """UI gating only: the service checks the permission again."""
    actor = uictx.actor
    return actor is not None and role_allows(actor.role, Permission.OVERRIDE_SCHEDULE_RULES)


def override_roles() -> str:
    """'Admin' (the roles whose users may override scheduling rules)."""
    return " or ".join(r.label for r in Role if role_allows(r, Permission.OVERRIDE_SCHEDULE_RULES))


def rules_text(rules: tuple[str, ...]) -> str:
    return ", ".join(rules)


class ConflictPanel(QFrame):
    """Hidden until a ScheduleConflict arrives; then lists it and, if the user may, offers an override."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *, verb: str = "Book") -> None:
        super().__init__(parent)
        self.setObjectName("conflict_panel")
        self.uictx = uictx
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#conflict_panel { background: #fff4e5; border: 1px solid #e0a040; }")
        self.title = QLabel("\u26a0 <b>Scheduling conflict</b>", self)
        self.message = QLabel(self)
        self.message.setObjectName("conflict_message")
        self.message.setWordWrap(True)
        self.rules = QLabel(self)
        self.rules.setObjectName("conflict_rules")
        self.rules.setWordWrap(True)
        self.explain = QLabel(self)
        self.explain.setObjectName("conflict_explain")
        self.explain.setWordWrap(True)
        self.override = QCheckBox(f"{verb} &anyway (override the rules above)", self)
        self.override.setObjectName("override_check")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("override_reason")
        self.reason.setMaxLength(MAX_OVERRIDE_REASON)
        self.reason.setPlaceholderText("Reason for the override (required; kept in the audit trail)")
        self.reason.setAccessibleName("Override reason")
        self.reason_error = FieldError(self)
        self.reason_error.setObjectName("override_reason_error")
        layout = QVBoxLayout(self)
        for widget in (self.title, self.message, self.rules, self.explain, self.override, self.reason,
                       self.reason_error):
            layout.addWidget(widget)
        self.override.toggled.connect(self._sync)
        self.conflict: ScheduleConflict | None = None
        self._allowed = False
        self.hide()

    def show_conflict(self, exc: ScheduleConflict) -> None:
        self.conflict = exc
        self.message.setText(exc.message)
        self.rules.setText(f"Rules broken: {rules_text(exc.rules)}")
        allowed = exc.overridable and may_override(self.uictx)
        if not exc.overridable:
            self.explain.setText("This cannot be overridden: choose another time or another patient.")
        elif not allowed:
            actor = self.uictx.actor
            role = actor.role.label if actor else "signed out"
            self.explain.setText(f"Only a user with the {override_roles()} role can book over these rules "
                                 f"(your role: {role}). Choose another time, or ask an administrator.")
        else:
            self.explain.setText("You may book anyway: tick the box and give a reason.")
        self._allowed = allowed
        self.override.setVisible(allowed)
        self.override.setChecked(False)
        self.reason_error.clear_error()
        self._sync()
        self.show()

    def clear(self) -> None:
        """The time, provider or room changed: the conflict shown no longer applies."""
        self.conflict = None
        self.override.setChecked(False)
        self.reason_error.clear_error()
        self.hide()

    def _sync(self) -> None:
        wanted = self._allowed and self.override.isChecked() and self.conflict is not None
        self.reason.setVisible(wanted)
        if wanted:
            self.reason.setFocus()

    def override_reason(self) -> str | None:
        """The reason to send, or None when no override was chosen (the service then refuses again)."""
        if self.conflict is None or not self.override.isChecked():
            return None
        return self.reason.text()

    def show_reason_error(self, text: str) -> None:
        self.reason_error.show_error(text)
        self.reason.setFocus()
