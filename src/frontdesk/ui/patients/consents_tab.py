"""The Consents tab of an open patient: each consent document's state, and recording new signatures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.services.patients import consents
from frontdesk.services.patients.consents import ConsentStatus
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.consent_models import ConsentRow, ConsentStatusModel
from frontdesk.ui.patients.patient_tab import PatientRecordTab
from frontdesk.ui.widgets.common import fit_columns, local_action, trim_last_column
from frontdesk.ui.widgets.form_parts import status_icon
from frontdesk.ui.widgets.models import SORT_ROLE


def attention_text(count: int) -> str:
    """The summary line above the table."""
    if count == 0:
        return "All required consents are current."
    noun = "consent needs" if count == 1 else "consents need"
    return f"{count} required {noun} attention: record the new signature with Record consent\u2026"


class ConsentsTab(PatientRecordTab):
    """Consent documents with their state for the patient; ``attention_changed(count)`` feeds the banner."""

    topics = frozenset({"consents", "consent_settings"})
    attention_changed = Signal(int)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, parent, status=status)
        self.setObjectName("consents_tab")
        self._attention: int | None = None
        self.model = ConsentStatusModel(self)
        self._build_table(SORT_ROLE)
        self.view.setObjectName("consents_view")
        self.summary_icon = QLabel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("consent_summary")
        self.summary.setWordWrap(True)
        self.record_button = QPushButton("&Record consent\u2026", self)
        self.record_button.setToolTip("Record a signature for the selected document (Enter on a row)")
        self.record_button.clicked.connect(self.record_consent)
        self.view.activated.connect(lambda _index: self.record_consent())
        local_action(self, "Record consent", "Ctrl+Shift+R", self.record_consent)

        top = QHBoxLayout()
        top.addWidget(self.summary_icon)
        top.addWidget(self.summary, 1)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------------
    def mark_stale(self) -> None:
        # Loaded even while hidden: the banner shows the number needing attention whichever tab is open.
        self.refresh()

    def load_patient(self, patient_id: int) -> None:
        self.call_for(patient_id, consents.consent_status, patient_id, on_done=self._loaded)

    def _loaded(self, statuses: list[ConsentStatus]) -> None:
        self.show_rows([ConsentRow(s.type.id, s) for s in statuses])
        # Inside a patient view: long document names are cut short (the tooltip shows them whole).
        fit_columns(self.view, padding=16, widest=340)
        header = self.view.horizontalHeader()
        header.resizeSection(0, min(header.sectionSize(0), 250))
        trim_last_column(self.view)
        self._set_attention(self.model.attention_count())

    def clear(self, reason: str) -> None:
        super().clear(reason)
        self.summary.clear()
        self.summary_icon.clear()
        if self.patient_id is None:
            self._set_attention(0)
        # With a patient set, their rows are on the way: the banner keeps its count until they arrive.

    def _set_attention(self, count: int) -> None:
        if self.patient_id is not None:
            self.summary.setText(attention_text(count))
            icon = status_icon("warning" if count else "ok")
            self.summary_icon.setPixmap(icon.pixmap(self.summary.fontMetrics().height() + 2))
        if count != self._attention:
            self._attention = count
            self.attention_changed.emit(count)

    def attention_count(self) -> int:
        """How many required consents need attention (0 when no patient is shown)."""
        return self._attention or 0

    def selected_status(self) -> ConsentStatus | None:
        row = self.selected_record()
        return row.status if row is not None else None

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.can_edit())

    # -- actions -------------------------------------------------------------------------------
    def record_consent(self) -> None:
        """Record a signature; the selected document (or the first needing attention) is preselected."""
        if not self.can_edit() or self.patient_id is None:
            return
        chosen = self.selected_status()
        if chosen is None:  # the first one needing attention, as the table is sorted
            shown = (self.model.record(self.proxy.mapToSource(self.proxy.index(r, 0)).row()).status
                     for r in range(self.proxy.rowCount()))
            chosen = next((s for s in shown if s.needs_attention), None)
        record = ConsentDialog.ask(self, self.uictx, self.patient_id, chosen.type.id if chosen else None)
        if record is not None:
            self.select_record(record.consent_type_id)
            self.status(f"Recorded {record.type_name} (version {record.version}).")
