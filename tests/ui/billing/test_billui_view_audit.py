"""Issue 21 item 1: choosing a claim is one audited view; the list's reloads (a claim made or changed
elsewhere) keep it on screen without writing another. Opening an encounter is one view too."""

from __future__ import annotations

from billui_lib import make_claim

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit


def _views(admin_ctx: ServiceContext, action: str) -> list[str]:
    return [r.entity_id for r in reversed(audit.list_events(admin_ctx, audit.AuditFilter(action=action)))]


def test_a_claim_is_viewed_once_per_choice_not_per_reload(qtbot, harness, clinic, biller,  # type: ignore[no-untyped-def]
                                                          admin_ctx) -> None:
    first = make_claim(biller, clinic)
    page = harness.pane.claims_page
    harness.pane.show_tab("claims")
    page.reload(select_claim=first.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.row.id == first.id)
    assert _views(admin_ctx, "claim.view") == [str(first.id)]

    second = make_claim(biller, clinic)  # a claim made elsewhere: the list reloads, the first stays chosen
    qtbot.waitUntil(lambda: page.model.row_of(second.id) >= 0)
    page.reload()
    assert page.detail.detail is not None and page.detail.detail.row.id == first.id
    assert _views(admin_ctx, "claim.view") == [str(first.id)]

    page.view.selectRow(page.model.row_of(second.id))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.row.id == second.id)
    page.view.selectRow(page.model.row_of(first.id))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.row.id == first.id)
    assert _views(admin_ctx, "claim.view") == [str(first.id), str(second.id), str(first.id)]


def test_opening_an_encounter_is_one_view(qtbot, harness, clinic, biller, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    claim = make_claim(biller, clinic)
    screen = harness.pane.encounter
    screen.open_encounter(claim.encounter_id)
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.id == claim.encounter_id)
    make_claim(biller, clinic)  # changes elsewhere do not re-open it
    assert _views(admin_ctx, "encounter.view") == [str(claim.encounter_id)]
