"""Electronic remittance (X12 835) import: preview a file, then post each of its checks.

``preview_era`` reads and validates the file (pyx12, domain/era835), finds the payer, matches every claim
by the patient control number the claim sent in CLM01 (fallback: patient + date of service + charge, which
the desk must confirm), every line by its SVC, and shows the totals that must balance (BPR02 = sum of CLP04
- PLB). ``post_era`` posts one check in one transaction through the same EOB posting as manual entry
(ledger, claim status, held secondaries and audit behave identically): the payer check, its PLB
adjustments (on the check, never a patient), reversals (CLP02 = 22) through the reversal service, the
claims, and the claims nothing matched into the unmatched queue (services/payments/era_unmatched.py).
The same file, or the same trace number from the payer, is refused with the date it was imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection

from frontdesk.domain.era835.reader import read_835
from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.payments._era_match import find_payer, match_check
from frontdesk.services.payments._era_post import post_check
from frontdesk.services.payments._era_preview import check_preview, check_problems, earlier_import, imported_day
from frontdesk.services.payments._payer_checks import payer_check_info
from frontdesk.services.payments.era_types import EraPostResult, EraPreview

TOPICS = ("payments", "ledger", "claims", "era")
# progress(done, total) per remittance claim, for a progress bar; what it raises (a cancel) stops the call, and
# post_era then writes nothing: it is a transaction.
Progress = Callable[[int, int], None]
MAX_FILE_BYTES = 50 * 1024 * 1024


def _bytes(data: object) -> bytes:
    if isinstance(data, EraPreview):
        data = data.data
    if isinstance(data, str):
        data = data.encode("ascii", errors="replace")
    if not isinstance(data, bytes) or not data.strip():
        raise ValidationError("file", "The remittance file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("file", "The remittance file is too large (over 50 MB) to be an 835 from one payer.")
    return data


def _name(file_name: object) -> str:
    """The file's name only (never its folder, which may name a person), for the import record and messages."""
    text = str(file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text if ch.isprintable())[:200]


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


@operation(Permission.POST_INSURANCE_PAYMENTS, write=False)
def preview_era(tx: Tx, data: bytes, *, file_name: str = "", progress: Progress | None = None) -> EraPreview:
    """Read, validate and match an 835 file; nothing is written.

    Refused (ValidationError on ``file``) when the file is not a valid 835 5010 remittance: the message names
    the segment, its line and pyx12's reason. Each check lists what stops it (``problems``: already imported,
    unknown payer, totals that do not balance, a date in the future); each claim shows its match and, if it
    cannot be posted, why (it would go to the unmatched queue). ``progress(done, total)`` hears of each claim
    matched.
    """
    raw = _bytes(data)
    remittance = read_835(raw)
    token = hashlib.sha256(raw).hexdigest()
    today = practice_today(tx.session)
    total = sum(len(check.claims) for check in remittance.checks)
    done = 0
    _report(progress, done, total)
    checks = []
    for check in remittance.checks:
        payer = find_payer(tx.session, check)
        earlier = earlier_import(tx.session, token, check, payer)
        matches = match_check(tx.session, check, payer)
        for _claim in matches:  # matched as one batch per check; reported per claim for the bar
            done += 1
            _report(progress, done, total)
        problems = check_problems(tx.session, check, payer, earlier, today)
        checks.append(check_preview(check, payer, matches, imported_day(tx.session, earlier) if earlier else None,
                                    problems))
    return EraPreview(token, _name(file_name), tuple(checks), raw)


@operation(Permission.POST_INSURANCE_PAYMENTS)
def post_era(tx: Tx, era: EraPreview | bytes, *, check_index: int = 0, confirmed_fallbacks: Collection[str] = (),
             file_name: str = "", progress: Progress | None = None) -> EraPostResult:
    """Post one check of an 835 file (the preview, or the file's bytes) in one transaction: all of it or nothing.

    ``confirmed_fallbacks`` holds the keys (EraClaimPreview.key) of claims matched by patient, date and
    charge that the desk confirmed; the others, and every claim that matched nothing or cannot be posted,
    go to the unmatched queue. Refused: a file that is not a valid 835, a check already imported (the same
    file or the same trace number from the payer: ConflictError with the date), an unknown payer, totals
    that do not balance, a reversal by someone not allowed to reverse payments, and whatever manual posting
    refuses (the error names the claim). ``progress(done, total)`` hears (0, claims) once the check is matched,
    before anything is written, then of the claims as they are written; what it raises rolls all of it back.
    """
    actor = require_actor(tx)
    raw = _bytes(era)
    remittance = read_835(raw)
    token = hashlib.sha256(raw).hexdigest()
    if isinstance(check_index, bool) or not isinstance(check_index, int) or \
            not 0 <= check_index < len(remittance.checks):
        raise ValidationError("check_index", f"The file holds {len(remittance.checks)} check(s); choose one of them.")
    check = remittance.checks[check_index]
    payer = find_payer(tx.session, check)
    earlier = earlier_import(tx.session, token, check, payer)
    problems = check_problems(tx.session, check, payer, earlier, practice_today(tx.session))
    if problems or payer is None:
        raise ConflictError(problems[0] if problems else "The payer is not one of the practice's payers.",
                            field="file")
    matches = match_check(tx.session, check, payer)
    _report(progress, 0, len(matches))
    name = _name(file_name) or (era.file_name if isinstance(era, EraPreview) else "")
    done = post_check(tx, check, payer, matches, token=token, file_name=name,
                      confirmed=frozenset(str(k) for k in confirmed_fallbacks), user_id=actor.user_id,
                      progress=(lambda k: _report(progress, k, len(matches))) if progress is not None else None)
    tx.changed(*TOPICS)
    return EraPostResult(done.import_id, check.index, payer_check_info(tx, done.payment), done.posted, done.reversed,
                         done.released, done.unmatched, from_cents(check.provider_adjustment_cents))
