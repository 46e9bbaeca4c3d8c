"""After "Set up a practice server": the three secrets setup hands back once, and what comes next.

The first enrolment code (one PC, 7 days), the new practice's recovery key (a moved-in practice keeps its own)
and the server recovery code, each with Copy, Print and Save as PDF: the enrolment code on the same page an
administrator's "New enrolment code" prints (reports/enrolment_code_pdf.py), the recovery key on the Emergency
Kit (reports/emergency_kit.py), the server recovery code on its own page (reports/server_code_pdf.py). Nothing goes on
until the person says they are stored; then this PC may enrol as the first workstation with that code.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWizard, QWizardPage

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_date, format_datetime
from frontdesk.error_messages import to_user_message
from frontdesk.reports.emergency_kit import EmergencyKit, write_emergency_kit
from frontdesk.reports.enrolment_code_pdf import EnrolmentCodePage, write_enrolment_code_pdf
from frontdesk.server_setup import ServerSetup, recovery_code_lines
from frontdesk.ui.setup_wizard.pages import plain_label
from frontdesk.ui.setup_wizard.secret_box import SecretBox
from frontdesk.reports.server_code_pdf import ServerCodePage, write_server_code_pdf
from frontdesk.ui.setup_wizard.server_setup_pages import SetupEntries
from frontdesk.ui.widgets.form import FieldError

ISSUED_BY = "the practice server's setup"


class SecretsState(Protocol):
    """What the page needs of the SetupWizard."""

    server_setup: ServerSetup | None
    setup_entries: SetupEntries | None

    def setOption(self, option: QWizard.WizardOption, on: bool = True) -> None: ...


class ServerSecretsPage(QWizardPage):
    """Shows the secrets once; Next (or Finish) waits until the person ticks that they are stored safely."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The practice server is set up: keep these safe")
        self.setSubTitle("Shown only this once. Print or save each one before you go on.")
        self.summary = plain_label("")
        self.summary.setObjectName("setup_summary")
        self.enrolment = SecretBox("enrolment_code", "First enrolment code", point_size=16, what="enrolment code",
                                   file_name="FrontDesk enrolment code.pdf",
                                   mnemonics=("&Copy", "&Print\u2026", "Save as P&DF\u2026"))
        self.recovery_key = SecretBox("recovery_key", "Recovery key", point_size=14, what="recovery key",
                                      file_name="FrontDesk Emergency Kit.pdf",
                                      mnemonics=("C&opy", "P&rint\u2026", "Save as PD&F\u2026"))
        self.server_code = SecretBox("server_recovery_code", "Server recovery code", point_size=11,
                                     what="server recovery code", file_name="FrontDesk server recovery code.pdf",
                                     mnemonics=("Cop&y", "Pri&nt\u2026", "Sa&ve as PDF\u2026"))
        self.status = plain_label("")
        self.status.setObjectName("secrets_status")
        self.error = FieldError(self)
        self.error.setObjectName("secrets_error")
        self.next_steps = plain_label("")
        self.next_steps.setObjectName("next_steps")
        self.enrol_here = QCheckBox("Use this PC as a &workstation too: connect it now with the enrolment code")
        self.enrol_here.setObjectName("enrol_here")
        self.enrol_here.setChecked(True)
        # Next becomes Finish and back (setFinalPage makes QWizard ask the wizard's nextId again)
        self.enrol_here.toggled.connect(lambda on: self.setFinalPage(not on))
        self.stored = QCheckBox("&I have stored these safely")
        self.stored.setObjectName("stored_safely")
        self.stored.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        for box in (self.enrolment, self.recovery_key, self.server_code):
            box.said.connect(self._said)
            box.failed.connect(self._failed)
            layout.addWidget(box)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.next_steps)
        layout.addStretch(1)
        layout.addWidget(self.enrol_here)
        layout.addWidget(self.stored)

    def _wizard(self) -> SecretsState:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        wizard = self._wizard()
        setup, entries = wizard.server_setup, wizard.setup_entries
        assert setup is not None and entries is not None  # this page follows a successful setup only
        result = setup.result
        tz = st.zone(st.DEFAULT_TIME_ZONE)  # no practice clock yet: the app's default until it is set
        expires = format_datetime(result.code_expires_at, tz)
        today = format_date(st.practice_now(tz))
        moved = (f" The practice in {setup.moved_from} moved in: {result.moved_in.rows:,} rows, row counts equal, "
                 "audit chain verified; that folder was left as it was (keep it as a copy, stop using it)."
                 if result.moved_in is not None else "")
        self.summary.setText(f"PostgreSQL {result.server_version}, database {result.database}, TLS on with the "
                             f"practice certificate, scram-sha-256 only.{moved}")
        code_page = EnrolmentCodePage(server_address=entries.workstation_address, code=result.code.format(),
                                      expires=expires, issued_by=ISSUED_BY)
        self.enrolment.show_secret(code_page.code, f"Lets one PC join, once, until {expires}. Other PCs type the "
                                   f"server address {entries.workstation_address}.",
                                   lambda path: write_enrolment_code_pdf(path, code_page))
        self._show_recovery_key(setup, entries, today)
        server_page = ServerCodePage(server_address=entries.workstation_address, database=result.database,
                                     certificate_sha256=result.certificate_sha256, created=today,
                                     recovery_code=result.recovery_code)
        self.server_code.show_secret(recovery_code_lines(result.recovery_code),
                                     "The practice key and the workstations' password: for the safe. Needed when "
                                     "every PC is lost, and by some updates.",
                                     lambda path: write_server_code_pdf(path, server_page))
        self.next_steps.setText(self._next_steps(result.listen_addresses, entries))
        wizard.setOption(QWizard.WizardOption.NoCancelButton, True)  # set up: store the secrets, don't cancel
        self.enrolment.value.setFocus()

    def _show_recovery_key(self, setup: ServerSetup, entries: SetupEntries, today: str) -> None:
        key = setup.result.recovery_key
        if key is None:
            self.recovery_key.show_secret("", "The moved-in practice keeps its own recovery key (on its Emergency "
                                              "Kit) and administrator passphrase.", None)
            return
        kit = EmergencyKit(practice_name="The practice on this practice server",
                           data_folder=f"Practice server {entries.workstation_address}, database "
                                       f"{setup.result.database}",
                           recovery_key=key, key_id=setup.key_id,
                           created=st.practice_now(st.zone(st.DEFAULT_TIME_ZONE)))
        self.recovery_key.show_secret(key, f"Opens the practice's backups if the passphrase is forgotten (made "
                                           f"{today}): keep it on the Emergency Kit in the safe.",
                                      lambda path: write_emergency_kit(Path(path), **asdict(kit)))

    @staticmethod
    def _next_steps(listen: str, entries: SetupEntries) -> str:
        steps = []
        if listen in ("", "localhost", "127.0.0.1", "::1"):
            steps.append(f"PostgreSQL listens only on '{listen or 'no address'}': set listen_addresses = '*' and "
                         "restart PostgreSQL so other PCs can reach it.")
        steps.append(f"Open TCP port {entries.enrol_address.rpartition(':')[2]} in this computer's firewall to the "
                     "practice's network only.")
        steps.append("Run `frontdesk server check` here: the data must sit on an encrypted disk.")
        return "Next: " + " ".join(f"{n}. {step}" for n, step in enumerate(steps, start=1))

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.stored.isChecked()

    def _said(self, text: str) -> None:
        self.error.clear_error()
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.error.show_error(to_user_message(exc).text)
