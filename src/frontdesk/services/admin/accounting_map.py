"""The chart-of-accounts map: which of the practice's QuickBooks accounts each kind of FrontDesk money goes to.

The accounting export (services/day_close/accounting_export.py) writes one balanced journal per day from
these accounts; it refuses to run while any is missing and names which. The names are the practice's own
(QuickBooks sub-accounts are written "Parent:Child"); FrontDesk never guesses one: the suggestions are shown
as placeholders, and only what the administrator types is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import FieldErrors, ValidationError
from frontdesk.models import AccountMapping
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_now


@dataclass(frozen=True)
class AccountKey:
    """One kind of money: its key, how the form names it, and the usual QuickBooks name (a placeholder only)."""

    key: str
    label: str
    suggestion: str


KEYS: tuple[AccountKey, ...] = (
    AccountKey("bank", "Bank account (deposits, insurance EFTs)", "Checking"),
    AccountKey("undeposited_funds", "Cash and checks not yet deposited", "Undeposited Funds"),
    AccountKey("card_clearing", "Card payments (until the processor pays out)", "Card Clearing"),
    AccountKey("patient_payments", "Patient payments", "Patient Fee Income"),
    AccountKey("insurance_payments", "Insurance payments", "Insurance Income"),
    AccountKey("refunds", "Refunds to patients", "Patient Refunds"),
    AccountKey("adjustment_CO", "Contractual adjustments (CO)", "Contractual Adjustments"),
    AccountKey("adjustment_OA", "Other adjustments (OA)", "Other Adjustments"),
    AccountKey("adjustment_PI", "Payer-initiated adjustments (PI)", "Payer Adjustments"),
    AccountKey("adjustment_CR", "Correction adjustments (CR)", "Correction Adjustments"),
    AccountKey("accounts_receivable", "Accounts receivable (what adjustments reduce)", "Accounts Receivable"),
)
LABELS = {k.key: k.label for k in KEYS}
MAX_ACCOUNT = 100


@dataclass(frozen=True)
class AccountMap:
    """The map as saved: key -> account ('' = not chosen yet), and which keys are still missing."""

    accounts: tuple[tuple[str, str], ...]

    def account(self, key: str) -> str:
        return dict(self.accounts).get(key, "")

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(key for key, account in self.accounts if not account)


def _clean_account(value: object, key: str) -> str:
    """An account name as QuickBooks takes it: one line, no tab (IIF separates fields with tabs), and only
    characters QuickBooks Desktop's IIF files can carry (Windows-1252)."""
    text = clean_text(value, key, LABELS[key], max_len=MAX_ACCOUNT)
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        raise ValidationError(key, f"{LABELS[key]}: QuickBooks import files cannot carry a character in this "
                                   "name; use the account's name exactly as QuickBooks shows it.") from None
    return text


def read_map(session: Session) -> AccountMap:
    """The saved map in KEYS order (a step: the export reads it inside its own transaction)."""
    saved = dict(session.execute(select(AccountMapping.key, AccountMapping.account)).all())
    return AccountMap(tuple((k.key, saved.get(k.key, "")) for k in KEYS))


@operation(Permission.VIEW_AGING, write=False)
def account_map(tx: Tx) -> AccountMap:
    """The chart-of-accounts map (billing and admin read it; only an administrator changes it)."""
    return read_map(tx.session)


@operation(Permission.MANAGE_PRACTICE)
def save_account_map(tx: Tx, accounts: Mapping[str, str]) -> AccountMap:
    """Save the accounts typed (blank = not chosen yet); every wrong field is reported at once."""
    errors = FieldErrors()
    cleaned = {k.key: errors.check(_clean_account, accounts.get(k.key, ""), k.key) for k in KEYS}
    errors.raise_any()
    now = practice_now(tx.session)
    user_id = tx.actor.user_id if tx.actor else None
    changed = []
    for key, account in cleaned.items():
        row = tx.session.get(AccountMapping, key)
        if row is None:
            if account:
                tx.session.add(AccountMapping(key=key, account=account, updated_at=now, updated_by=user_id))
                changed.append(key)
        elif row.account != account:
            if account:
                row.account, row.updated_at, row.updated_by = account, now, user_id
            else:
                tx.session.delete(row)
            changed.append(key)
    if changed:
        tx.audit("accounting.map", entity_type="account_mapping", detail="changed: " + ", ".join(changed))
        tx.changed("accounting")
    return read_map(tx.session)
