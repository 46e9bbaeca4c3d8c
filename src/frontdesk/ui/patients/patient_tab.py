"""Base of the tabs shown inside an open patient (insurance, consents): one patient at a time, self-refreshing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import allowed
from frontdesk.ui.widgets.tab_base import RecordListTab


class PatientRecordTab(RecordListTab):
    """A record list about the patient given to :meth:`set_patient`.

    It reuses the admin tabs' machinery: lazy loading when shown, reloading when a service reports one
    of ``topics``, dropping what was shown when the signed-in user changes. A user switch also forgets
    the patient: the embedding view decides what the next user sees.
    """

    permission = Permission.VIEW_PATIENTS
    denied_text = "Your role does not allow viewing patient records."

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, status, parent)
        self._patient_id: int | None = None

    @property
    def patient_id(self) -> int | None:
        return self._patient_id

    def set_patient(self, patient_id: int | None) -> None:
        """Show ``patient_id``'s records (None: show nothing)."""
        self._patient_id = patient_id
        self.clear("")
        self.mark_stale()

    def can_edit(self) -> bool:
        """May the signed-in user change patient records? (UI gating only; the services re-check.)"""
        return self._patient_id is not None and self.can_read() and allowed(self.uictx, Permission.EDIT_PATIENTS)

    def load(self) -> None:
        if self._patient_id is None:
            self.clear("")
        else:
            self.load_patient(self._patient_id)

    def load_patient(self, patient_id: int) -> None:
        """Ask the services for this patient's rows (use :meth:`call_for` so late answers are dropped)."""
        raise NotImplementedError

    def call_for(self, patient_id: int, service: Callable[..., Any], *args: Any,
                 on_done: Callable[[Any], None], **kwargs: Any) -> int:
        """Like :meth:`call`, but an answer arriving after another patient was opened is ignored."""

        def done(result: Any) -> None:
            if self._patient_id == patient_id:
                on_done(result)

        return self.call(service, *args, on_done=done, **kwargs)

    def _on_actor_changed(self, actor: object) -> None:
        self._patient_id = None
        super()._on_actor_changed(actor)
