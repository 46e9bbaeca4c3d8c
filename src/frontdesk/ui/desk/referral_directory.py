"""The outside directory: a dialog to add or change one provider/facility, and the list to manage them."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.services.desk import outside_directory
from frontdesk.services.desk.referral_types import (
    DIRECTORY_KINDS,
    OutsideProviderInput,
    OutsideProviderRow,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referral_models import DirectoryModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.models import SORT_ROLE

_TEXT_FIELDS = (("name", "&Name:", 120), ("specialty", "&Specialty:", 60), ("npi", "NP&I:", 10),
                ("phone", "&Phone:", 40), ("fax", "&Fax:", 40), ("address1", "&Address:", 100),
                ("address2", "Address line &2:", 100), ("city", "Cit&y:", 60), ("state", "S&tate:", 2),
                ("zip_code", "&ZIP code:", 10))


class OutsideProviderDialog(QDialog):
    """Add (row None) or change one directory entry; errors show beside their field."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, row: OutsideProviderRow | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.entry_id = row.id if row else None
        self.result_row: OutsideProviderRow | None = None
        self.setWindowTitle("Change directory entry" if row else "Add to the outside directory")
        self.setObjectName("outside_provider_dialog")
        self.form = ValidatedForm(self)
        self.kind = QComboBox(self)
        for key, text in DIRECTORY_KINDS.items():
            self.kind.addItem(text, key)
        self.form.add_field("kind", "&Kind:", self.kind)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, length in _TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(length)
            self.edits[name] = self.form.add_field(name, label, edit)  # type: ignore[assignment]
        self.edits["npi"].setPlaceholderText("10 digits (optional for a facility)")
        if row is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
            values = {"name": row.name, "specialty": row.specialty, "npi": row.npi, "phone": format_phone(row.phone),
                      "fax": format_phone(row.fax), "address1": row.address1, "address2": row.address2,
                      "city": row.city, "state": row.state, "zip_code": row.zip_code}
            for name, value in values.items():
                self.edits[name].setText(value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def data(self) -> OutsideProviderInput:
        return OutsideProviderInput(kind=self.kind.currentData(),
                                    **{name: edit.text() for name, edit in self.edits.items()})

    def submit(self) -> None:
        """Save through the service; stay open with the error beside its field when it refuses."""
        self.form.clear_errors()
        self.uictx.call(outside_directory.save_outside_provider, self.entry_id, self.data(),
                        on_done=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _saved(self, row: OutsideProviderRow) -> None:
        self.result_row = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext,
            row: OutsideProviderRow | None = None) -> OutsideProviderRow | None:
        """The saved entry, or None when cancelled."""
        dialog = cls(parent, uictx, row)
        try:
            return dialog.result_row if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class DirectoryDialog(QDialog):
    """Search, add, change, retire and restore outside providers and facilities."""

    def __init__(self, parent: QWidget | None, uictx: UiContext) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.setWindowTitle("Outside providers and facilities")
        self.setObjectName("directory_dialog")
        self.search = QLineEdit(self)
        self.search.setObjectName("directory_search")
        self.search.setPlaceholderText("Name, specialty or NPI")
        self.search.setClearButtonEnabled(True)
        search_label = QLabel("&Find:", self)
        search_label.setBuddy(self.search)
        self.model = DirectoryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("directory_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton("&Add\u2026", self)
        self.edit_button = QPushButton("&Change\u2026", self)
        self.retire_button = QPushButton("&Retire", self)
        self.add_button.setObjectName("directory_add")
        self.edit_button.setObjectName("directory_edit")
        self.retire_button.setObjectName("directory_retire")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 480)
        self.search.textChanged.connect(lambda _text: self.reload())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.retire_button.clicked.connect(self.toggle_active)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """The entries matching the search (retired ones too, so they can be restored)."""
        self.uictx.call(outside_directory.list_outside_providers, self.search.text(), include_inactive=True,
                        on_done=guarded(self, lambda rows: self._show(rows, select_id)))

    def _show(self, rows: list[OutsideProviderRow], select_id: int | None) -> None:
        self.model.set_rows(rows)
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._update_buttons()

    def selected(self) -> OutsideProviderRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.edit_button.setEnabled(entry is not None)
        self.retire_button.setEnabled(entry is not None)
        self.retire_button.setText("&Restore" if entry is not None and not entry.active else "&Retire")

    def add(self) -> None:
        row = OutsideProviderDialog.ask(self, self.uictx)
        if row is not None:
            self.reload(row.id)

    def edit(self) -> None:
        entry = self.selected()
        if entry is not None and (row := OutsideProviderDialog.ask(self, self.uictx, entry)) is not None:
            self.reload(row.id)

    def toggle_active(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.uictx.call(outside_directory.set_outside_provider_active, entry.id, not entry.active,
                            on_done=guarded(self, lambda row: self.reload(row.id)))

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext) -> None:
        """Open the directory until closed."""
        dialog = cls(parent, uictx)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

