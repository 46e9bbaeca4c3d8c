"""What a search box query means: the WHERE clauses to try, in rank order, each answered from one index.

Portable SQL only (prefix ranges, equality, IN subqueries), so the same plan runs on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import InstrumentedAttribute

from frontdesk.domain.dates import parse_us_date
from frontdesk.domain.text import fold_key
from frontdesk.models import Patient, PatientPhone
from frontdesk.services.patients._insurance_queries import patients_with_member_id
from frontdesk.services._query import prefix_range

MIN_PHONE_DIGITS = 4
LAST_DIGITS = 4  # "ending in 0180"
LOCAL_DIGITS = 7


def visible_statuses(include_inactive: bool) -> ColumnElement[bool]:
    """Merged records never show; inactive and deceased ones only when asked for."""
    if include_inactive:
        return Patient.status.in_(("active", "inactive", "deceased"))
    return Patient.status == "active"


# Each clause comes with the order its index returns rows in, so a query reads only one page of rows.
Order = tuple[InstrumentedAttribute, ...]  # type: ignore[type-arg]
BY_LAST = (Patient.last_name_key, Patient.first_name_key, Patient.id)
BY_FIRST = (Patient.first_name_key, Patient.last_name_key, Patient.id)
Plan = list[tuple[ColumnElement[bool], Order]]


def _phone_conditions(digits: str, cut: int) -> Plan:
    """Any of the patient's phones starting with ``digits``, or whose 7-digit local number does; four digits
    are first read as a number's last four ("the one ending in 0180"), the way callers give them.

    The id subqueries stop at ``cut`` (the page size): a short prefix matches thousands of numbers,
    the page shows only so many, and each more digit typed narrows it at once.
    """
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]  # +1 country code typed
    plan: Plan = []
    if len(digits) == LAST_DIGITS:  # equality on its own index: a suffix LIKE would read every phone
        plan.append((Patient.id.in_(select(PatientPhone.patient_id)
                                    .where(PatientPhone.last4 == digits).limit(cut)), BY_LAST))
    plan.append((Patient.id.in_(select(PatientPhone.patient_id)
                                .where(prefix_range(PatientPhone.digits, digits)).limit(cut)), BY_LAST))
    if len(digits) <= LOCAL_DIGITS:
        plan.append((Patient.id.in_(select(PatientPhone.patient_id)
                                    .where(prefix_range(PatientPhone.local7, digits)).limit(cut)), BY_LAST))
    return plan


def _member_condition(text: str, cut: int) -> tuple[ColumnElement[bool], Order]:
    return Patient.id.in_(patients_with_member_id(text).limit(cut)), BY_LAST


def _name_conditions(text: str) -> Plan:
    if "," in text:
        last, _, first = text.partition(",")
        last_key, first_key = fold_key(last), fold_key(first)
        conds = []
        if last_key:
            conds.append(prefix_range(Patient.last_name_key, last_key))
        if first_key:
            conds.append(prefix_range(Patient.first_name_key, first_key))
        return [(and_(*conds), BY_LAST)] if conds else []
    key = fold_key(text)
    if not key:
        return []
    # Last-name matches rank first; separate queries let each walk its own index in order and stop at
    # the limit, where one OR query would have to collect and sort every match (slow for "M").
    plan: Plan = [(prefix_range(Patient.last_name_key, key), BY_LAST), (prefix_range(Patient.first_name_key, key),
                                                                        BY_FIRST)]
    words = [fold_key(w) for w in text.split()]
    words = [w for w in words if w]
    if len(words) == 2:  # "ada love" (first last) or "lovelace ada" (last first)
        first, second = words
        plan.append((and_(prefix_range(Patient.last_name_key, second), prefix_range(Patient.first_name_key, first)),
                     BY_LAST))
        plan.append((and_(prefix_range(Patient.last_name_key, first), prefix_range(Patient.first_name_key, second)),
                     BY_LAST))
    return plan


def search_plan(query: str, page: int, today: Callable[[], date]) -> Plan:
    """The clauses to run for ``query`` with their orders, best kind of match first; ``page`` is the limit.

    ``today()`` (the practice's date) reads a typed two-digit year as a past one; it is asked only when the text
    could be a date (has digits): a name typed letter by letter needs no clock, and on a practice server that
    is a round trip per keystroke saved.
    """
    text = query.strip()
    has_letters = any(ch.isalpha() for ch in text)
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    dob = parse_us_date(text, today=today()) if digits and len(text) <= 20 else None
    if dob is not None and ("/" in text or ("-" in text and len(text) == 10)):
        return [(Patient.dob == dob, BY_LAST)]  # typed with separators: only a date reads that way
    plan: Plan = []
    if not has_letters and digits:
        plan.append((Patient.account_number == digits, BY_LAST))
        if dob is not None:  # 03141962 or 031462: a date, unless it is an account or phone
            plan.append((Patient.dob == dob, BY_LAST))
        if len(digits) >= MIN_PHONE_DIGITS:
            plan += _phone_conditions(digits, page)
            plan.append(_member_condition(text, page))
        return plan
    plan += _name_conditions(text)
    if digits:  # letters and digits together: the shape of an insurance member id
        plan.append(_member_condition(text, page))
    return plan
