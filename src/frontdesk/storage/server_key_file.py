"""A practice server's key file: the practice key wrapped under the administrator passphrase and the recovery key.

The same file a single-PC data folder keeps beside its database (storage/keys.py), kept on the server in the
one-row server-only table ``frontdesk_key_file`` (not a model: a backup or a move-in does not copy it, it is
the practice's, not its data). A server backup puts it into its manifest exactly as a single-PC backup puts
its folder's key file, so the backup opens on a new machine with the passphrase or the recovery key. A moved-in
practice keeps its key file, so its passphrase, recovery key and printed emergency kit stay valid. It holds
nothing a manifest beside every backup does not hold already.
"""

from __future__ import annotations

from sqlalchemy import Connection, exc as sa_exc, text
from sqlalchemy.orm import Session

from frontdesk.errors import StorageError, WrongKeyError
from frontdesk.storage.engine import Database, translate_db_error
from frontdesk.storage.keys import KeyFile

TABLE = "frontdesk_key_file"
# the server function that re-wraps the key under a new passphrase (made with the enrolment objects, pg_grants.py)
REWRAP = "frontdesk_rewrap_passphrase"
_CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY CHECK (id = 1), "
           "key_file text NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())")


def store_key_file(conn: Connection, key_file: KeyFile) -> None:
    """Keep ``key_file`` as the server's (replacing one there), inside the caller's transaction."""
    conn.execute(text(_CREATE))
    conn.execute(text(f"INSERT INTO {TABLE} (id, key_file) VALUES (1, :data) ON CONFLICT (id) DO UPDATE "
                      "SET key_file = EXCLUDED.key_file, stored_at = now()"),
                 {"data": key_file.to_bytes().decode("utf-8")})


def load_key_file(db: Database) -> KeyFile:
    """The server's key file; a StorageError saying what to do when the server has none."""
    try:
        with db.engine.connect() as conn:
            exists = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar_one()
            data = conn.execute(text(f"SELECT key_file FROM {TABLE} WHERE id = 1")).scalar() if exists else None
            conn.rollback()
    except sa_exc.DBAPIError as exc:  # e.g. a role that may not read it: `frontdesk server upgrade` grants it
        raise translate_db_error(exc, "the practice server's key file") from exc
    if data is None:
        raise StorageError("This practice server holds no key file (the practice key wrapped under the "
                           "administrator passphrase and the recovery key), so a backup of it could not be opened "
                           "on another machine. Store one with `frontdesk server setup` or move a practice in.")
    return KeyFile.from_bytes(str(data).encode("utf-8"))


def change_passphrase(session: Session, db_key: bytes, current_passphrase: str, new_passphrase: str) -> None:
    """Re-wrap the server's practice key under a new administrator passphrase, inside the caller's transaction.

    The current passphrase must open the stored key file to this practice's key (WrongKeyError otherwise,
    nothing written); the server's function then accepts a key file whose only change is the passphrase slot."""
    data = session.execute(text(f"SELECT key_file FROM {TABLE} WHERE id = 1")).scalar()
    if data is None:
        raise StorageError("This practice server holds no key file, so there is no passphrase to change. Store "
                           "one with `frontdesk server setup` or move a practice in.")
    key_file = KeyFile.from_bytes(str(data).encode("utf-8"))
    if key_file.unlock_with_passphrase(current_passphrase) != db_key:
        raise WrongKeyError("The current passphrase is not correct.")
    renewed = key_file.with_new_passphrase(db_key, new_passphrase)
    session.execute(text(f"SELECT public.{REWRAP}(:data)"), {"data": renewed.to_bytes().decode("utf-8")})
