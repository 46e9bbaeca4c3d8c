"""The money reports of Billing > Reports built from the grouped rows of _report_queries (inside an operation).

Production: charges by provider, procedure or primary payer. Collections: payer money posted and patient money
received, by provider, payer or method (patient money counts for a provider when it is applied to that
provider's charges; the rest is money on account). Adjustments: write-offs by CARC group and reason.
Net collection rate per provider: payments / (charges - contractual (CO) write-offs) over the same range.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.billing_reports import BillingReport, Cell, ReportColumn, ReportFilter, ReportKind, chart_of
from frontdesk.domain.billing_reports import percent as _percent
from frontdesk.domain.carc import GROUP_CODES, REASON_CODES
from frontdesk.domain.money import from_cents
from frontdesk.domain.names import provider_display_name
from frontdesk.models import FeeScheduleItem, Payer, Practice, Provider
from frontdesk.services.billing import _report_queries as q

METHODS = {"cash": "Cash", "check": "Check", "card": "Card"}
PAYER_METHODS = {"check": "Insurance check", "eft": "Insurance EFT"}
ON_ACCOUNT = "Not applied (money on account)"
PATIENTS = "Patients"
SELF_PAY = "Self-pay (no claim)"
SHARE = ReportColumn("Share", "percent")
# ReportKind and chart_of live in domain/billing_reports.py (the schedule reports use them too); imported here
# under their old names for _report_claims.
__all__ = ["KINDS", "BUILDERS", "Names", "ReportKind", "chart_of"]


class Names:
    """Provider and payer names of one report (read once per report, a few rows)."""

    def __init__(self, session: Session) -> None:
        self.providers = {p.id: provider_display_name(p.first_name, p.last_name, p.credential)
                          for p in session.scalars(select(Provider))}
        self.payers = dict(session.execute(select(Payer.id, Payer.name)).all())
        self.practice = session.scalar(select(Practice.legal_name).limit(1)) or ""

    def provider(self, key: object) -> str:
        return self.providers.get(key, "Unknown provider") if key is not None else ON_ACCOUNT  # type: ignore[arg-type]

    def payer(self, key: object) -> str:
        return SELF_PAY if key == q.SELF_PAY else self.payers.get(key, "Unknown payer")  # type: ignore[arg-type]

    def scope(self, flt: ReportFilter) -> str:
        who = self.provider(flt.provider_id) if flt.provider_id is not None else "All providers"
        paid = self.payer(flt.payer_id) if flt.payer_id is not None else "all payers"
        return f"{who}, {paid}"


def _amount_table(names: Names, flt: ReportFilter, key: str, title: str, label: str,
                  sums: dict[str, int], note: str) -> BillingReport:
    """A label / amount / share table sorted by amount (largest first), charted as bars."""
    total = sum(sums.values())
    ordered = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = tuple((name, from_cents(cents), _percent(cents, total)) for name, cents in ordered)
    columns = (ReportColumn(label), ReportColumn("Amount", "money"), SHARE)
    return BillingReport(key, title, names.practice, flt, names.scope(flt), columns, rows,
                         ("Total", from_cents(total), _percent(total, total)),
                         chart_of(title, label, rows, 1), note)


def production(session: Session, flt: ReportFilter, by: str) -> BillingReport:
    """Charges of the range by provider, procedure or payer: lines, units, charges and share."""
    names = Names(session)
    found = q.charges(session, flt, by)
    if by == "procedure":
        codes = [k for k, *_ in found]
        described = dict(session.execute(select(FeeScheduleItem.code, FeeScheduleItem.description)
                                         .where(FeeScheduleItem.code.in_(codes))).all()) if codes else {}
        label: Callable[[object], str] = lambda k: f"{k} {described.get(k, '')}".strip()  # noqa: E731
    else:
        label = names.provider if by == "provider" else names.payer
    total = sum(c for *_x, c in found)
    rows = tuple(sorted(((label(k), n, u, from_cents(c), _percent(c, total)) for k, n, u, c in found),
                        key=lambda r: (-r[3], r[0])))
    heading = {"provider": "Provider", "procedure": "Procedure", "payer": "Primary payer"}[by]
    title = f"Production by {by}"
    columns = (ReportColumn(heading), ReportColumn("Lines", "count"), ReportColumn("Units", "count"),
               ReportColumn("Charges", "money"), SHARE)
    totals = ("Total", sum(r[1] for r in rows), sum(r[2] for r in rows), from_cents(total), _percent(total, total))
    return BillingReport(f"production_{by}", title, names.practice, flt, names.scope(flt), columns, rows, totals,
                         chart_of(title, heading, rows, 3),
                         "Charges of non-void visits by date of service (the day sheet's rule).")


def _money_rows(session: Session, flt: ReportFilter) -> list[tuple[object, object, str, int]]:
    """Every sum of collected money as (provider id or None, payer id (0 = patients), method label, cents)."""
    out: list[tuple[object, object, str, int]] = [
        (p, y, PAYER_METHODS.get(k, k), c) for p, y, k, c in q.insurance_paid(session, flt)]
    applied = q.patient_applied(session, flt)
    out += [(p, q.SELF_PAY, METHODS.get(m, m), c) for p, m, c in applied]
    left: dict[str, int] = {}
    for method, cents in q.patient_received(session, flt):  # empty when a provider or payer is chosen
        left[method] = left.get(method, 0) + cents
    for _p, method, cents in applied:
        if method in left:
            left[method] -= cents
    out += [(None, q.SELF_PAY, METHODS.get(m, m), c) for m, c in left.items() if c]
    return out


def collections(session: Session, flt: ReportFilter, by: str) -> BillingReport:
    """Money collected in the range by provider, payer or method."""
    names = Names(session)
    sums: dict[str, int] = {}
    for provider, payer, method, cents in _money_rows(session, flt):
        label = {"provider": lambda: names.provider(provider),
                 "payer": lambda: PATIENTS if payer == q.SELF_PAY else names.payer(payer),
                 "method": lambda: method}[by]()
        sums[label] = sums.get(label, 0) + cents
    return _amount_table(names, flt, f"collections_{by}", f"Collections by {by}",
                         {"provider": "Provider", "payer": "Paid by", "method": "Method"}[by], sums,
                         "Payer money by the day it was entered; patient money by the day received, net of "
                         "refunds and reversals.")


def adjustments(session: Session, flt: ReportFilter) -> BillingReport:
    """Write-offs entered in the range by CARC group and reason."""
    names = Names(session)
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for _p, group, reason, n, cents in q.write_offs(session, flt):
        count, total = sums.get((group, reason), (0, 0))
        sums[(group, reason)] = (count + n, total + cents)
    whole = sum(c for _n, c in sums.values())
    rows = tuple(sorted(((f"{g} {GROUP_CODES.get(g, '')}".strip(), f"{r} {REASON_CODES.get(r, '')}".strip(), n,
                          from_cents(c), _percent(c, whole)) for (g, r), (n, c) in sums.items()),
                        key=lambda row: (-row[3], row[0], row[1])))  # type: ignore[operator]
    columns = (ReportColumn("Group"), ReportColumn("Reason"), ReportColumn("Adjustments", "count"),
               ReportColumn("Amount", "money"), SHARE)
    totals = ("Total", "", sum(r[2] for r in rows), from_cents(whole), _percent(whole, whole))
    chart_rows = [(f"{r[0].split()[0]}-{r[1].split()[0]}", r[3]) for r in rows]
    return BillingReport("adjustments", "Adjustments by CARC group and reason", names.practice, flt,
                         names.scope(flt), columns, rows, totals, chart_of("Write-offs by group and reason",
                                                                         "Group-reason", chart_rows, 1),
                         "Write-offs entered in the range; patient responsibility (PR) and the prior payer's "
                         "share (23) stay owed and are not counted.")


def net_collection(session: Session, flt: ReportFilter) -> BillingReport:
    """Per provider: charges, contractual write-offs, payments and payments / (charges - contractual)."""
    names = Names(session)
    charged = {k: c for k, _n, _u, c in q.charges(session, flt, "provider")}
    contractual: dict[object, int] = {}
    for provider, group, _r, _n, cents in q.write_offs(session, flt):
        if group == "CO":
            contractual[provider] = contractual.get(provider, 0) + cents
    paid: dict[object, int] = {}
    for provider, _payer, _method, cents in _money_rows(session, flt):
        paid[provider] = paid.get(provider, 0) + cents
    keys = sorted(set(charged) | set(contractual) | set(paid), key=lambda k: (k is None, names.provider(k)))

    def row(label: str, c: int, w: int, p: int) -> tuple[Cell, ...]:
        return (label, from_cents(c), from_cents(w), from_cents(p), _percent(p, c - w))

    rows = tuple(row(names.provider(k), charged.get(k, 0), contractual.get(k, 0), paid.get(k, 0)) for k in keys)
    totals = row("Total", sum(charged.values()), sum(contractual.values()), sum(paid.values()))
    columns = (ReportColumn("Provider"), ReportColumn("Charges", "money"), ReportColumn("Contractual (CO)", "money"),
               ReportColumn("Payments", "money"), ReportColumn("Net collection rate", "percent"))
    return BillingReport("net_collection", "Net collection rate", names.practice, flt, names.scope(flt), columns,
                         rows, totals, chart_of("Net collection rate by provider", "Provider", rows, 4, "percent"),
                         "Payments / (charges - contractual write-offs) of the same range; money on account "
                         "counts in the total only.")


BUILDERS: dict[str, Callable[[Session, ReportFilter], BillingReport]] = {
    "production_provider": lambda s, f: production(s, f, "provider"),
    "production_procedure": lambda s, f: production(s, f, "procedure"),
    "production_payer": lambda s, f: production(s, f, "payer"),
    "collections_provider": lambda s, f: collections(s, f, "provider"),
    "collections_payer": lambda s, f: collections(s, f, "payer"),
    "collections_method": lambda s, f: collections(s, f, "method"),
    "adjustments": adjustments,
    "net_collection": net_collection,
}
KINDS = (ReportKind("production_provider", "Production by provider"),
         ReportKind("production_procedure", "Production by procedure"),
         ReportKind("production_payer", "Production by payer"),
         ReportKind("collections_provider", "Collections by provider"),
         ReportKind("collections_payer", "Collections by payer"),
         ReportKind("collections_method", "Collections by method"),
         ReportKind("adjustments", "Adjustments by CARC group and reason"),
         ReportKind("net_collection", "Net collection rate"))
