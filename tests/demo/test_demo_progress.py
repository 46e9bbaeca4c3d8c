"""Building the demo practice reports its progress (Qt-free): counts only go up and end at the total; the
built demo has its office (documents, disclosures, the account map)."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from frontdesk.demo.build import DEMO_STEPS, DEMO_USERNAME, PROGRESS_TOTAL, READY_TEXT, ensure_demo, print_progress
from frontdesk.domain.document_kinds import PDF, PNG
from frontdesk.domain.permissions import Role
from frontdesk.models import User
from frontdesk.paths import DataPaths
from frontdesk.services.admin import accounting_map
from frontdesk.services.desk import synthetic
from frontdesk.services.patients import disclosures, documents
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage.engine import Database


def test_building_the_demo_reports_every_step_with_counts_that_only_go_up(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    db, created = ensure_demo(DataPaths(tmp_path / "demo"), patients=15,
                              progress=lambda done, total, text: calls.append((done, total, text)))
    _the_office_has_documents_disclosures_and_an_account_map(db)  # this build, not another one (it is slow)
    db.close()
    assert created
    dones = [done for done, _, _ in calls]
    assert dones == sorted(dones) and dones[0] == 0
    assert {total for _, total, _ in calls} == {PROGRESS_TOTAL}
    assert calls[-1] == (PROGRESS_TOTAL, PROGRESS_TOTAL, READY_TEXT)
    steps = [text for _, _, text in calls if " (" not in text]
    assert steps == [text.format(patients=15) for _, text, _ in DEMO_STEPS] + [READY_TEXT]
    within_billing = [text for _, _, text in calls if " (" in text]
    assert len(within_billing) >= 10 and within_billing[-1].endswith("of 300 visits)")
    # Opening it again builds nothing and reports nothing.
    again: list[tuple[int, int, str]] = []
    db, created = ensure_demo(DataPaths(tmp_path / "demo"), progress=lambda *call: again.append(call))
    db.close()
    assert not created and again == []


def _the_office_has_documents_disclosures_and_an_account_map(db: Database) -> None:
    """demo/office.py: the Documents and Disclosures tabs and the accounting export have something to show."""
    with db.session(write=False) as session:
        admin = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        ctx = ServiceContext(db, Actor(admin.id, admin.username, admin.full_name, Role(admin.role)))
    first, second = synthetic.desk_cast_candidates(ctx).adults[:2]
    shown = {(d.patient_id, d.category, d.media_type, d.page_count)
             for p in (first, second) for d in documents.list_documents(ctx, p.id)}
    assert shown == {(first.id, "insurance_card", PNG, 1), (first.id, "outside_report", PDF, 1),
                     (second.id, "signed_form", PDF, 1)}
    report = next(d for d in documents.list_documents(ctx, first.id) if d.category == "outside_report")
    assert documents.open_document(ctx, report.id).data.startswith(b"%PDF-")  # made through reportlab
    [release] = disclosures.list_disclosures(ctx, second.id)
    assert (release.recipient, release.voided_at) == ("Smith & Jones LLP", None)
    [voided] = disclosures.list_disclosures(ctx, first.id)
    assert voided.voided_at is not None and voided.void_reason.startswith("Entered on the wrong patient")
    assert [e.recipient for e in disclosures.accounting_of_disclosures(ctx, first.id).entries] == []
    saved = accounting_map.account_map(ctx)
    assert saved.missing == () and saved.account("bank") == "Checking"
    assert saved.account("undeposited_funds") == "Undeposited Funds"


def test_the_terminal_gets_a_line_per_step_and_every_tenth_within_one() -> None:
    out = io.StringIO()
    report = print_progress(out)
    report(0, 100, "Creating the encrypted practice")
    report(29, 100, "Charging visits and sending their claims")
    for made in range(1, 301):
        report(29 + 64 * made // 300, 100, f"Charging visits and sending their claims ({made} of 300 visits)")
    report(100, 100, READY_TEXT)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[  0%] Creating the encrypted practice"
    assert lines[1] == "[ 29%] Charging visits and sending their claims"
    assert lines[-1] == "[100%] The demo practice is ready"
    assert 6 <= len(lines) <= 10  # not one line per visit
