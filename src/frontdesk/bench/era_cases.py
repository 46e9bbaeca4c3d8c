"""Benchmark of the 835 import: read, validate, match and post a remittance of 500 claims / 2,000 service lines
on the bench practice (preview, then post, as the desk does), against reading the same file alone (pyx12's
validation and the segment walk, no database). The remittance is written here from sent claims of the
practice's busiest payer: paid at 80% of the charge, the rest CO-45.
"""

from __future__ import annotations

import time

from sqlalchemy import func, select

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.domain import schedule_time as st
from frontdesk.domain.era835.reader import parse_835, validation_errors
from frontdesk.models import Claim, ClaimLine, Patient, Payer, ServiceLine
from frontdesk.services.admin.practice import practice_time_zone
from frontdesk.services.payments import era_import
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

CLAIMS, LINES_PER_CLAIM = 500, 4


def _sent_claims(db: Database, wanted: int) -> tuple[Payer | None, list[tuple[int, str, str, str, list[tuple]]]]:
    """(payer, [(claim id, account, last, first, [(code, modifiers, charge cents, date)...])]) of unposted claims."""
    with db.session(write=False) as s:
        payer_id = s.scalar(select(Claim.payer_id).where(Claim.status == "submitted").group_by(Claim.payer_id)
                            .order_by(func.count().desc()).limit(1))
        if payer_id is None:
            return None, []
        payer = s.get(Payer, payer_id)
        s.expunge(payer)
        with_lines = (select(ClaimLine.claim_id).group_by(ClaimLine.claim_id)
                      .having(func.count() >= LINES_PER_CLAIM))  # four lines each: 500 claims = 2,000 lines
        rows = s.execute(select(Claim.id, Patient.account_number, Patient.last_name, Patient.first_name)
                         .join(Patient, Patient.id == Claim.patient_id)
                         .where(Claim.payer_id == payer_id, Claim.status == "submitted", Claim.id.in_(with_lines))
                         .order_by(Claim.id.desc()).limit(wanted)).all()
        lines: dict[int, list[tuple]] = {r[0]: [] for r in rows}
        for claim_id, code, modifiers, charge, day in s.execute(
                select(ClaimLine.claim_id, ServiceLine.code, ServiceLine.modifiers, ClaimLine.charge_cents,
                       ServiceLine.from_date).join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
                .where(ClaimLine.claim_id.in_(list(lines))).order_by(ClaimLine.claim_id, ClaimLine.line_number)):
            if len(lines[claim_id]) < LINES_PER_CLAIM:
                lines[claim_id].append((code, modifiers.split(), charge, day))
    return payer, [(cid, acct, last, first, lines[cid]) for cid, acct, last, first in rows if lines[cid]]


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else "-" + _amount(-cents)


def _x12_name(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum() or ch == " ")[:35] or "X"


def remittance(payer: Payer, claims: list, trace: str, paid_on) -> str:  # type: ignore[no-untyped-def]
    """An 835 paying ``claims``: each line 80% paid, CO-45 for the rest; CLM01 as the 837 sends it."""
    body = []
    total = 0
    for claim_id, account, last, first, lines in claims:
        # CLM01 as services/billing/_claim_build.control_number writes it.
        account_key = "".join(ch for ch in account if ch.isascii() and ch.isalnum()).upper()
        pcn = f"{account_key}C{claim_id}"[-20:]
        charge = sum(c for _code, _m, c, _d in lines)
        paid = sum(c * 4 // 5 for _code, _m, c, _d in lines)
        total += paid
        body += [f"CLP*{pcn}*1*{_amount(charge)}*{_amount(paid)}**12*B{claim_id}*11*1",
                 f"NM1*QC*1*{_x12_name(last)}*{_x12_name(first)}****MI*M{claim_id}"]
        for code, modifiers, c, day in lines:
            composite = ":".join(["HC", code, *modifiers])
            body += [f"SVC*{composite}*{_amount(c)}*{_amount(c * 4 // 5)}**1", f"DTM*472*{day:%Y%m%d}"]
            if c - c * 4 // 5:
                body.append(f"CAS*CO*45*{_amount(c - c * 4 // 5)}")
    head = [f"BPR*I*{_amount(total)}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*"
            f"{paid_on:%Y%m%d}", f"TRN*1*{trace}*1512345678",
            f"N1*PR*{_x12_name(payer.name)}" + (f"*XV*{payer.edi_payer_id}" if payer.edi_payer_id else ""),
            "N3*PO BOX 1", "N4*HARTFORD*CT*06101", "PER*BL*EDI*TE*8005551212", "N1*PE*BENCH PRACTICE*XX*1234567893",
            "LX*1"]
    st_segs = ["ST*835*0001", *head, *body]
    st_segs.append(f"SE*{len(st_segs) + 1}*0001")
    segs = ["ISA*00*          *00*          *ZZ*BENCHPAYER     *ZZ*BENCHPRACTICE  *261201*1200*^*00501*"
            "000000001*0*P*:", f"GS*HP*BENCHPAYER*BENCHPRACTICE*{paid_on:%Y%m%d}*1200*1*X*005010X221A1",
            *st_segs, "GE*1*1", "IEA*1*000000001"]
    return "~\n".join(segs) + "~\n"


def case_era_import(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    runs = max(2, min(repeats, 5))  # each run posts fresh claims; the first warms the caches
    payer, pool = _sent_claims(db, CLAIMS * (runs + 1))
    if payer is None or not pool:
        return result("era_import_500_claims", "no sent claims on this practice", [float("nan")],
                      "read the same 835 alone", [float("nan")], 5000)
    size = max(1, min(CLAIMS, len(pool) // (runs + 1)))  # a tiny CI practice imports a smaller file
    today = st.local_date(st.utc_now(), st.zone(practice_time_zone(ctx)))
    samples, previews, posts, texts = [], [], [], []
    lines = 0
    for n in range(runs + 1):
        batch = pool[n * size:(n + 1) * size]
        if len(batch) < size:
            break
        text = remittance(payer, batch, f"ERA{time.time_ns() % 10**12}{n}", today)
        data = text.encode("ascii")
        started = time.perf_counter()
        preview = era_import.preview_era(ctx, data, file_name="bench.835")
        middle = time.perf_counter()
        done = era_import.post_era(ctx, preview)
        ended = time.perf_counter()
        if done.unmatched_ids or len(done.posted_claim_ids) != len(batch):
            raise RuntimeError(f"bench 835: {len(done.unmatched_ids)} claims unmatched of {len(batch)}")
        if n:
            samples.append((ended - started) * 1000)
            previews.append((middle - started) * 1000)
            posts.append((ended - middle) * 1000)
            texts.append(text)
            lines = sum(len(c[4]) for c in batch)
    if not texts:
        return result("era_import_500_claims", "too few sent claims on this practice", [float("nan")],
                      "read the same 835 alone", [float("nan")], 5000)
    base = time_calls(lambda: (validation_errors(texts[-1]), parse_835(texts[-1])), len(samples))  # never cached
    walk = time_calls(lambda: parse_835(texts[-1]), len(samples))
    check = time_calls(lambda: validation_errors(texts[-1]), len(samples))
    mid = sorted(previews)[len(previews) // 2], sorted(posts)[len(posts) // 2]
    return result("era_import_500_claims", f"import an 835 of {size} claims / {lines:,} lines: preview (read, "
                  "validate, match) then post in one transaction", samples,
                  "read the same 835 alone (pyx12 validation + segment walk)", base, 5000,
                  extra={"preview_ms": round(mid[0], 1), "post_ms": round(mid[1], 1),
                         "validate_only_ms": round(sorted(check)[len(check) // 2], 1),
                         "walk_only_ms": round(sorted(walk)[len(walk) // 2], 1)})
