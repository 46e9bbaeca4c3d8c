"""Whether the practice server answers (server mode), for the main window's banner.

Lost: a call through the runner failed with ServerUnavailableError, or the live-refresh listener's
connection dropped (either may be reported from another thread). While lost, a cheap probe
(``reachability.ping_server``, through the one runner, never on the GUI thread) runs every few seconds;
the first answer makes it reachable again. Single-PC mode never loses its file this way, so the link
stays reachable there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from frontdesk.errors import ServerUnavailableError

log = logging.getLogger(__name__)

RETRY_MS = 3000

# What a workstation reloads once it hears changes again after an outage: every topic a service reports
# (tests/ui/shell/test_server_banner.py checks the list against the services), as other workstations'
# changes made meanwhile were not heard.
EVERY_TOPIC = frozenset({
    "accounting", "appointments", "audit", "backups", "billing_settings", "claims", "code_sets", "consent_settings", "consents",
    "contacts", "disclosures", "documents",
    "eligibility", "encounters", "end_of_day", "fee_schedule", "insurance", "intake", "ledger", "letter_templates",
    "letters", "messages", "outside_directory", "patients", "payers", "payments", "practice", "providers",
    "recalls", "referrals", "schedule_setup", "statements", "tasks", "users", "waitlist",
})

Probe = Callable[[Callable[[object], None], Callable[[BaseException], None]], object]


class ServerLink(QObject):
    """``reachable`` now, and ``reachable_changed(bool)`` when it changes (on the GUI thread).

    ``probe(on_done, on_error)`` sends one ping through the runner.
    """

    reachable_changed = Signal(bool)
    _lost = Signal()  # emitted on any thread; handled on the GUI thread (queued by Qt)

    def __init__(self, probe: Probe, parent: QObject | None = None, *, retry_ms: int | None = None) -> None:
        super().__init__(parent)
        self.reachable = True
        self._probe_call = probe
        self._probing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RETRY_MS if retry_ms is None else retry_ms)
        self._timer.timeout.connect(self._probe)
        self._lost.connect(self._on_lost)

    def report_lost(self) -> None:
        """The server did not answer (safe to call from any thread)."""
        self._lost.emit()

    def _on_lost(self) -> None:
        if self.reachable:
            self.reachable = False
            log.warning("the practice server cannot be reached; retrying every %d s", self._timer.interval() // 1000)
            self.reachable_changed.emit(False)
        if not self._probing and not self._timer.isActive():
            self._timer.start()

    def _probe(self) -> None:
        self._probing = True
        self._probe_call(self._answered, self._no_answer)

    def _answered(self, _result: object) -> None:
        self._probing = False
        if not self.reachable:
            self.reachable = True
            log.info("the practice server answers again")
            self.reachable_changed.emit(True)

    def _no_answer(self, exc: BaseException) -> None:
        self._probing = False
        if not isinstance(exc, ServerUnavailableError):  # answering, but not well: keep trying all the same
            log.warning("server probe failed: %s", type(exc).__name__)
        self._timer.start()
