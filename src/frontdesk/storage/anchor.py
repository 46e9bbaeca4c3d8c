"""The audit chain's head, anchored outside the database: ``audit-anchor.json`` in the data folder.

Written at every day close and every backup (and after a restore, for the restored chain): how many
events the chain had, the last one's sequence number and hash, and when, signed with an HMAC under a
key derived from the database key. `frontdesk check` compares the live chain with it: a chain now
shorter than its anchor, or whose event at the anchored number has another hash, was cut or rewritten,
which the chain alone cannot show (what is left still links up). The day sheet prints the same head as
a short checksum a person can compare on paper.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from frontdesk.errors import StorageError
from frontdesk.storage.atomic import write_atomically
from frontdesk.storage.engine import derive_subkey
from frontdesk.storage.manifest import key_check_value

ANCHOR_FILE = "audit-anchor.json"
_FIELDS = ("events", "last_seq", "last_hash", "written_at", "key_check")


class AnchorForged(StorageError):
    """The anchor file is unreadable or its signature does not match this database's key."""


class AnchorOfAnotherKey(StorageError):
    """The anchor was written for another database key (the data folder now holds another installation's
    backup, restored): it says nothing about this database."""


@dataclass(frozen=True)
class Anchor:
    events: int
    last_seq: int
    last_hash: str
    written_at: str  # ISO 8601, UTC
    key_check: str = ""  # which database key it belongs to (storage/manifest.key_check_value); set on writing


def head_anchor(seq: int, last_hash: str, when: datetime) -> Anchor:
    """The anchor of a chain whose last event is ``seq`` (an intact chain holds ``seq`` events), made ``when``."""
    return Anchor(seq, seq, last_hash, when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def written_at(anchor: Anchor) -> datetime:
    """When the anchor was written, as an aware UTC time (anchors written with or without fractions)."""
    return datetime.fromisoformat(anchor.written_at).astimezone(UTC)


def anchor_path(database: Path) -> Path:
    """The anchor of the practice whose database file is ``database`` (beside it, in the data folder)."""
    return Path(database).with_name(ANCHOR_FILE)


def checksum(last_hash: str) -> str:
    """Eight characters of the head's hash, for paper: 'A1B2-C3D4'."""
    short = last_hash[:8].upper()
    return f"{short[:4]}-{short[4:]}"


def _mac(db_key: bytes, body: dict[str, object]) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    return hmac.new(derive_subkey(db_key, "audit anchor"), payload, hashlib.sha256).hexdigest()


def write_anchor(database: Path, db_key: bytes, anchor: Anchor) -> None:
    """Sign and write the anchor atomically, owner-only (0600)."""
    body: dict[str, object] = {**asdict(anchor), "key_check": key_check_value(db_key)}
    data = json.dumps({**body, "mac": _mac(db_key, body)}, indent=1, sort_keys=True) + "\n"
    write_atomically(anchor_path(database), data, mode=0o600, what="the audit anchor")


def read_anchor(database: Path, db_key: bytes) -> Anchor | None:
    """The signed anchor, or None when there is none yet; AnchorForged when it was altered or forged."""
    path = anchor_path(database)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        body = {name: doc[name] for name in _FIELDS}
        mac = str(doc["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorForged(f"{ANCHOR_FILE} could not be read ({type(exc).__name__})") from exc
    if body["key_check"] != key_check_value(db_key):
        raise AnchorOfAnotherKey(f"{ANCHOR_FILE} belongs to another database key")
    if not hmac.compare_digest(mac, _mac(db_key, body)):
        raise AnchorForged(f"{ANCHOR_FILE} was altered or forged (its signature does not match this database's key)")
    try:
        return Anchor(int(body["events"]), int(body["last_seq"]), str(body["last_hash"]), str(body["written_at"]),
                      str(body["key_check"]))
    except (TypeError, ValueError) as exc:
        raise AnchorForged(f"{ANCHOR_FILE} could not be read ({type(exc).__name__})") from exc


def advance_anchor(database: Path | None, db_key: bytes, anchor: Anchor) -> bool:
    """Write ``anchor`` unless the one in place is further along; an altered one is left as evidence.

    Returns whether it was written. (A restore, whose chain legitimately goes back, uses write_anchor.) A
    practice server (``database`` None) has no data folder to hold one: its backups' manifests anchor its trail.
    """
    if database is None:
        return False
    try:
        current = read_anchor(database, db_key)
    except AnchorOfAnotherKey:
        current = None  # another installation's: this database's own anchor takes its place
    except AnchorForged:
        return False  # `frontdesk check` keeps reporting it until someone looks and removes it
    if current is not None and current.last_seq > anchor.last_seq:
        return False
    write_anchor(database, db_key, anchor)
    return True
