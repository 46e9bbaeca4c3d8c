"""Base of the patient tabs that list a log about one patient, newest first (Contact history, Disclosures).

Both load the same way: the patient's rows from one list service, again whenever a service reports one of
the tab's ``topics``, an answer that arrives after another patient was opened dropped, and a failure shown
in the message line above the list rather than as a dialog (the rest of the patient stays usable).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import make_table
from frontdesk.ui.widgets.models import Column, RecordTableModel

R = TypeVar("R")


class PatientLogTab(QWidget, Generic[R]):
    """The message line with the tab's buttons, the read-only list below it, and its loading.

    A subclass sets ``topics``, passes its list service (called as ``service(ctx, patient_id)`` through
    the runner) and says what the message line reads in :meth:`show_rows`.
    """

    topics: frozenset[str] = frozenset()

    def __init__(self, uictx: UiContext, columns: list[Column[R]], service: Callable[..., Sequence[R]], *,
                 name: str, status: Callable[[str], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_tab")
        self.uictx = uictx
        self._status = status or (lambda _t: None)
        self._service = service
        self.patient_id: int | None = None
        self.model: RecordTableModel[R] = RecordTableModel(columns, self)
        self.view, _ = make_table(self, self.model)
        self.view.setObjectName(f"{name}_view")
        self.message = QLabel(self)
        self.message.setWordWrap(True)  # beside the patient list the buttons leave it little room: wrap, never cut
        self.bar = QHBoxLayout()  # the subclass adds its buttons after the message
        self.bar.addWidget(self.message, 1)
        self.column = QVBoxLayout(self)  # the subclass adds the list (and whatever goes with it)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(self.bar)
        uictx.changed.connect(self._on_changed)

    def show_patient(self, patient_id: int | None) -> None:
        """Forget the rows shown and load ``patient_id``'s (None: nothing)."""
        self.patient_id = patient_id
        self.model.set_rows([])
        self.refresh()

    def refresh(self) -> None:
        """Reload the open patient's rows."""
        patient_id = self.patient_id
        if patient_id is None:
            self.message.clear()
            return
        self.uictx.call(self._service, patient_id, on_done=lambda rows: self._loaded(patient_id, rows),
                        on_error=lambda exc: self.message.setText("\u26a0 " + to_user_message(exc).text))

    def show_rows(self, rows: list[R]) -> None:
        """After the model holds ``rows``: the message line, column widths, buttons."""
        raise NotImplementedError

    def _loaded(self, patient_id: int, rows: Any) -> None:
        if patient_id != self.patient_id:
            return  # another patient was opened meanwhile
        shown = list(rows)
        self.model.set_rows(shown)
        self.show_rows(shown)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            self.refresh()
