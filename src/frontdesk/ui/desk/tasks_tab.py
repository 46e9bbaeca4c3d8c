"""The Tasks tab of the Desk pane: My tasks (or those I created, or all), new tasks, status changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_datetime
from frontdesk.services.desk import phone_messages, tasks
from frontdesk.services.desk.phone_messages import STATUS_LABELS, Recipient
from frontdesk.services.desk.tasks import TaskRow
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.list_bar import ListBar
from frontdesk.ui.desk.tasks_dialog import NewTaskDialog
from frontdesk.ui.desk.tasks_model import TasksModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded, make_table

StatusFn = Callable[[str], None]
SCOPES = (("mine", "My tasks"), ("created", "Tasks I created"), ("all", "All tasks"))
TOPICS = frozenset({"tasks", "users", "patients"})


class TasksTab(QWidget):
    """Self-contained: loads on first show, follows the signed-in user, refreshes on the 'tasks' topic."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tasks_tab")
        self.uictx = uictx
        self._status = status
        self._dirty = True
        self.bar = ListBar(self, name="task", scopes=SCOPES, noun="task", action_text="&New task\u2026",
                           action_name="new_task", action_tip="Assign a new task (Ctrl+Shift+N)",
                           shortcut="Ctrl+Shift+N")
        self.show_done, self.count_label = self.bar.show_done, self.bar.count_label
        self.new_button = self.bar.action_button

        self.model = TasksModel(uictx, self)
        self.view, _proxy = make_table(self, self.model)  # lazy pages: no sort proxy
        self.view.setObjectName("tasks_table")
        self.view.setAccessibleName("Tasks")
        for column, width in enumerate((150, 300, 170, 150, 100)):
            self.view.setColumnWidth(column, width)

        self.selected = QLabel("Choose a task to change its status.", self)
        self.selected.setObjectName("task_selected")
        self.selected.setTextFormat(Qt.TextFormat.PlainText)
        self.selected.setWordWrap(True)
        self.start_button = QPushButton("&Start", self)
        self.start_button.setObjectName("task_start")
        self.done_button = QPushButton("&Done", self)
        self.done_button.setObjectName("task_done")
        self.done_button.setToolTip("Mark the selected task done (Ctrl+D)")
        self.reopen_button = QPushButton("Re&open", self)
        self.reopen_button.setObjectName("task_reopen")
        actions = QHBoxLayout()
        actions.addWidget(self.selected, 1)
        for b in (self.start_button, self.done_button, self.reopen_button):
            b.setAutoDefault(False)
            actions.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)

        self.bar.changed.connect(self.reload)
        self.bar.action_requested.connect(self.new_task)
        self.start_button.clicked.connect(lambda: self._set_status("in_progress"))
        self.done_button.clicked.connect(lambda: self._set_status("done"))
        self.reopen_button.clicked.connect(lambda: self._set_status("open"))
        QShortcut(QKeySequence("Ctrl+D"), self, lambda: self._set_status("done"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._update_actions)
        self.model.dataChanged.connect(lambda *_a: self._update_actions())
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(self._on_actor)
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        self._dirty = False
        if self.uictx.actor is not None:
            self.model.load(self.bar.scope_key(), self.bar.include_done())

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & TOPICS:
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _on_actor(self, _actor: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def _loaded(self) -> None:
        self.bar.show_count(self.model.total)

    def current(self) -> TaskRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        task = self.current()
        for b in (self.start_button, self.done_button, self.reopen_button):
            b.setEnabled(task is not None)
        if task is None:
            self.selected.setText("Choose a task to change its status.")
            return
        self.start_button.setEnabled(task.status == "open")
        self.done_button.setEnabled(task.status != "done")
        self.reopen_button.setEnabled(task.status == "done")
        changed = (f" \u2014 {task.status_by_name}, {format_datetime(task.status_at, self.uictx.clock.tz)}"
                   if task.status_at else "")
        self.selected.setText(f"{task.title}: {STATUS_LABELS[task.status]}{changed}")

    def new_task(self) -> None:
        """Ask for the recipients, then show the 'New task' dialog."""
        self.uictx.call(phone_messages.list_recipients, on_done=guarded(self, self._new_with),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _new_with(self, recipients: list[Recipient]) -> None:
        row = NewTaskDialog.ask(self, self.uictx, recipients)
        if row is not None:
            self._status(f"Task \u201c{row.title}\u201d assigned to {row.to_label}.")

    def _set_status(self, status: str) -> None:
        task = self.current()
        if task is None or task.status == status:
            return
        self.uictx.call(tasks.set_task_status, task.id, status, on_done=guarded(self, self._status_set),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _status_set(self, row: TaskRow) -> None:
        self.model.replace(row)
        self._update_actions()
        self._status(f"Task \u201c{row.title}\u201d marked {STATUS_LABELS[row.status].lower()}.")
