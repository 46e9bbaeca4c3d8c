"""`frontdesk check`: integrity, encryption, schema version and the audit chain, in one report."""

from __future__ import annotations

from dataclasses import dataclass, field

from frontdesk.storage.engine import Database
from frontdesk.storage.integrity import check_database
from frontdesk.storage.migrate import current_revision, head_revision


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append("PROBLEM: " + line)

    def good(self, line: str) -> None:
        self.lines.append("ok: " + line)


def run_checks(db: Database) -> CheckReport:
    from frontdesk.services._audit_chain import verify_chain

    report = CheckReport()
    integrity = check_database(db)
    if integrity.ok:
        report.good("cipher_integrity_check, integrity_check and foreign_key_check are clean")
    for problem in integrity.problems:
        report.fail(problem)
    try:
        current, head = current_revision(db), head_revision()
    except Exception as exc:  # a damaged file can fail anywhere; report, don't crash
        report.fail(f"schema version could not be read ({type(exc).__name__})")
    else:
        if current == head:
            report.good(f"schema version {current} (current)")
        else:
            report.fail(f"schema version {current} differs from this app's {head}; start the app to upgrade")
    try:
        with db.session(write=False) as session:
            chain = verify_chain(session, db.audit_key)
    except Exception as exc:
        report.fail(f"audit trail could not be read ({type(exc).__name__})")
    else:
        if chain.ok:
            report.good(f"audit chain of {chain.events} events verified (last #{chain.last_seq})")
        else:
            report.fail(f"audit chain broken: {chain.problem}")
    return report
