"""The ERA (835) preview: every check of the chosen files, its claims and totals, before anything is posted.

Per check: payer, check/EFT trace number, method, date and amount; whether BPR02 = claims paid - PLB (words and
an icon); the PLB provider adjustments and interest; what stops it from being posted. Per claim: matched by
the control number the claim sent, matched by patient, date and charge (a box the user must tick, else it
goes to the unmatched queue), or unmatched (to the queue). The dialog posts nothing: its outcome is what to
post (services/payments/era_import.post_era is called by era_actions.py); Cancel posts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.payments.era_types import FALLBACK, EraCheckPreview, EraClaimPreview, EraPreview
from frontdesk.ui.billing.payments.era_model import (
    CheckRow,
    checks_model,
    era_claims_model,
    method_text,
)
from frontdesk.ui.widgets.common import fit_columns, make_table


@dataclass(frozen=True)
class EraPick:
    """One check to post: the file's preview, the check's index, the fallback matches the user confirmed."""

    preview: EraPreview
    check_index: int
    confirmed: frozenset[str]


class IconLine(QWidget):
    """An icon and a line of text: a state said in words with its sign, never by colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)

    def show_line(self, text: str, ok: bool) -> None:
        kind = QStyle.StandardPixmap.SP_DialogApplyButton if ok else QStyle.StandardPixmap.SP_MessageBoxWarning
        self.icon.setPixmap(self.style().standardIcon(kind).pixmap(18, 18))
        self.icon.setAccessibleName("Fine" if ok else "Warning")
        self.text.setText(text)
        self.setVisible(bool(text))


def totals_text(check: EraCheckPreview) -> str:
    """'Claims paid $320.00 - provider adjustments $17.50 = $302.50, the payment: balances.'"""
    verdict = "balances" if check.balances else "does NOT balance"
    return (f"Payment {format_money(check.amount)}; claims paid {format_money(check.claims_paid)} - provider "
            f"adjustments {format_money(check.provider_adjustments_total)} = "
            f"{format_money(check.claims_paid - check.provider_adjustments_total)}: {verdict}. "
            f"Interest {format_money(check.interest)}.")


def plb_text(check: EraCheckPreview) -> str:
    """The PLB adjustments, one a line ('' when none): on the check, never on a patient."""
    lines = [f"{a.reason} {a.label}{f' ({a.reference})' if a.reference else ''}: {format_money(abs(a.amount))}"
             f"{' taken off the payment' if a.amount > 0 else ' added to the payment'}"
             for a in check.provider_adjustments]
    return "Provider adjustments (PLB, on the check): " + "; ".join(lines) if lines else ""


def lines_text(claim: EraClaimPreview) -> str:
    """The selected claim's service lines and adjustments, as the payer sent them."""
    parts = []
    for line in claim.lines:
        code = ":".join((line.procedure, *line.modifiers))
        adjustments = ", ".join(f"{a.group}-{a.reason} {format_money(a.amount)}" for a in line.adjustments)
        text = f"{code} charge {format_money(line.charge)} paid {format_money(line.paid)}"
        parts.append(text + (f" ({adjustments})" if adjustments else "") + (f" - {line.problem}" if line.problem
                                                                              else ""))
    claim_adj = ", ".join(f"{a.group}-{a.reason} {format_money(a.amount)}" for a in claim.adjustments)
    remarks = " ".join(claim.remark_codes)
    extra = (f"; claim adjustments {claim_adj}" if claim_adj else "") + (f"; remarks {remarks}" if remarks else "")
    text = "Lines: " + "; ".join(parts) + extra if parts else extra.lstrip("; ")
    return f"Not posted: {claim.problem} {text}" if claim.problem else text  # the list's cell is too narrow for it


def fallback_label(claim: EraClaimPreview) -> str:
    """The tick box's text: what the payer sent and the claim here it would be posted to."""
    day = format_date(claim.service_date) if claim.service_date else "no date"
    return (f"Post to claim #{claim.claim_id} ({claim.claim_patient_name}): the payer's {claim.patient_name}, "
            f"{day}, charge {format_money(claim.charge)}, paid {format_money(claim.paid)} "
            f"(their control number {claim.patient_control_number})")


class EraPreviewDialog(QDialog):
    """``outcome`` is the checks to post (a list of :class:`EraPick`), or None when cancelled."""

    def __init__(self, previews: list[EraPreview], refused: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("era_preview_dialog")
        self.setWindowTitle("Import ERA: preview (nothing is posted yet)")
        self.outcome: list[EraPick] | None = None
        self.rows = [CheckRow(p, c) for p in previews for c in p.checks]
        self.confirmed: dict[tuple[str, int], set[str]] = {r.key: set() for r in self.rows}
        self.fallback_boxes: list[QCheckBox] = []
        intro = QLabel("Check each payment before posting. A claim matched by patient, date and charge is posted "
                       "only if you tick it; unticked and unmatched claims go to the unmatched ERA claims list.", self)
        intro.setWordWrap(True)
        self.refused = IconLine(self)
        self.refused.setObjectName("era_refused")
        self.refused.show_line("\n".join(refused), ok=False)
        self.checks = checks_model(self)
        self.checks.set_rows(self.rows)
        self.checks_view, _proxy = make_table(self, self.checks)
        self.checks_view.setObjectName("era_checks")
        self.checks_view.setMaximumHeight(130)
        checks_label = QLabel("C&hecks and EFTs in the files:", self)
        checks_label.setBuddy(self.checks_view)
        self.detail = QGroupBox(self)
        self.totals = IconLine(self.detail)
        self.totals.setObjectName("era_totals")
        self.plb = QLabel(self.detail)
        self.plb.setObjectName("era_plb")
        self.plb.setWordWrap(True)
        self.problems = IconLine(self.detail)
        self.problems.setObjectName("era_problems")
        self.claims = era_claims_model(self)
        self.claims_view, _claims_proxy = make_table(self.detail, self.claims)
        self.claims_view.setObjectName("era_claims")
        for view in (self.checks_view, self.claims_view):
            view.setTabKeyNavigation(False)  # rows, not cells: Tab goes on to the next list or tick box
        claims_label = QLabel("C&laims on this payment:", self.detail)
        claims_label.setBuddy(self.claims_view)
        self.claim_lines = QLabel(self.detail)
        self.claim_lines.setObjectName("era_claim_lines")
        self.claim_lines.setWordWrap(True)
        self.fallbacks = QGroupBox("Matched by patient, date of service and charge: tick each one to post it", self)
        self.fallbacks.setObjectName("era_fallbacks")
        self.fallbacks_layout = QVBoxLayout(self.fallbacks)
        detail_layout = QVBoxLayout(self.detail)
        for widget in (self.totals, self.plb, self.problems, claims_label, self.claims_view, self.claim_lines,
                       self.fallbacks):
            detail_layout.addWidget(widget, 1 if widget is self.claims_view else 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.post_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.post_button.setObjectName("era_post")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel: post &nothing")
        buttons.accepted.connect(self.post)
        buttons.rejected.connect(self.reject)
        self.summary = QLabel(self)
        self.summary.setObjectName("era_summary")
        layout = QVBoxLayout(self)
        for widget in (intro, self.refused, checks_label, self.checks_view):
            layout.addWidget(widget)
        layout.addWidget(self.detail, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.checks_view.selectionModel().selectionChanged.connect(self._check_selected)
        self.claims_view.selectionModel().selectionChanged.connect(self._claim_selected)
        self.resize(1300, 700)
        fit_columns(self.checks_view, padding=12, widest=360)
        self._update_post()
        if self.rows:
            self.checks_view.selectRow(0)
        self.checks_view.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, previews: list[EraPreview], refused: list[str]) -> list[EraPick] | None:
        """The checks to post, or None when cancelled (nothing is posted)."""
        dialog = cls(previews, refused, parent=parent)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a list or on a tick box must not post money (the button box makes Post the default): Alt+P does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QPushButton):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- the selected check ---------------------------------------------------------------------------
    def selected_row(self) -> CheckRow | None:
        rows = self.checks_view.selectionModel().selectedRows()
        return self.checks.record(rows[0].row()) if rows else None

    def _check_selected(self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
                        ) -> None:
        row = self.selected_row()
        self._show_check(row)

    def _show_check(self, row: CheckRow | None) -> None:
        for box in self.fallback_boxes:
            box.setParent(None)
            box.deleteLater()
        self.fallback_boxes = []
        if row is None:
            self.detail.setTitle("")
            self.claims.set_rows([])
            self.fallbacks.hide()
            return
        check = row.check
        when = format_date(check.paid_on) if check.paid_on else "no date"
        self.detail.setTitle(f"{check.payer_name}: {method_text(check)} {check.trace_number} of {when}, "
                             f"{format_money(check.amount)}")
        self.totals.show_line(totals_text(check), ok=check.balances)
        self.plb.setText(plb_text(check))
        self.plb.setVisible(bool(check.provider_adjustments))
        blocked = "This payment cannot be posted: " + " ".join(check.problems) if check.problems else ""
        self.problems.show_line(blocked, ok=False)
        self.claims.set_rows(list(check.claims))
        fit_columns(self.claims_view, padding=12, widest=320)
        self.claim_lines.clear()
        for claim in check.claims:
            if claim.match == FALLBACK and not claim.problem:
                box = QCheckBox(fallback_label(claim), self.fallbacks)
                box.setObjectName(f"era_confirm_{claim.key}")
                box.setChecked(claim.key in self.confirmed[row.key])
                box.setEnabled(check.postable)
                box.toggled.connect(lambda on, key=claim.key, rk=row.key: self._confirm(rk, key, on))
                self.fallbacks_layout.addWidget(box)
                box.show()  # now, not at the layout's queued show: Tab reaches it at once
                self.fallback_boxes.append(box)
        self.fallbacks.setVisible(bool(self.fallback_boxes))
        chain = [self.checks_view, self.claims_view, *self.fallback_boxes, self.post_button, self.cancel_button]
        for before, after in zip(chain, chain[1:]):  # the boxes come after the claims, not after the buttons
            QWidget.setTabOrder(before, after)
        if check.claims:
            self.claims_view.selectRow(0)

    def _claim_selected(self, *_args: object) -> None:
        rows = self.claims_view.selectionModel().selectedRows()
        self.claim_lines.setText(lines_text(self.claims.record(rows[0].row())) if rows else "")

    def _confirm(self, row_key: tuple[str, int], claim_key: str, on: bool) -> None:
        (self.confirmed[row_key].add if on else self.confirmed[row_key].discard)(claim_key)
        self._update_post()

    # -- posting --------------------------------------------------------------------------------------
    def postable_rows(self) -> list[CheckRow]:
        return [r for r in self.rows if r.check.postable]

    def _update_post(self) -> None:
        rows = self.postable_rows()
        blocked = len(self.rows) - len(rows)
        self.post_button.setEnabled(bool(rows))
        self.post_button.setText(f"&Post {len(rows)} payment{'s' if len(rows) != 1 else ''}" if rows else "&Post")
        if not self.rows:
            self.summary.setText("No file could be read: nothing to post.")
            return
        left = sum(r.check.fallback - len(self.confirmed[r.key]) for r in rows)
        parts = [f"{len(rows)} of {len(self.rows)} payments can be posted"]
        if blocked:
            parts.append(f"{blocked} cannot (see why on each)")
        if left:
            parts.append(f"{left} unticked match{'es' if left != 1 else ''} will go to the unmatched list")
        self.summary.setText("; ".join(parts) + ".")

    def post(self) -> None:
        rows = self.postable_rows()
        if not rows:
            return
        self.outcome = [EraPick(r.preview, r.check.index, frozenset(self.confirmed[r.key])) for r in rows]
        self.accept()
