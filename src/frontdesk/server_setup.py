"""Set up a practice server without Qt: what `frontdesk server setup` and the setup wizard's "Set up a practice
server" both run (as first_run.py is for a single PC).

The practice key comes from a new administrator passphrase (a new practice), or, when a single-PC practice moves
in, from that practice's own data folder, opened with its passphrase or this PC's keyring cache and only read;
its rows are copied in inside setup's undo (server_moves.run_move_in), so a failed move-in leaves the server as
it was. The server work is storage/pg_setup.setup_server's. No one is signed in: the superuser's password is the
authority.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL

from frontdesk.errors import KeyUnavailableError, ValidationError, WrongKeyError
from frontdesk.paths import DataPaths, resolve_data_dir
from frontdesk.services.admin.server_moves import run_move_in
from frontdesk.storage.engine import Database
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.keys import KeyFile, check_passphrase_strength
from frontdesk.storage.pg_engine import URL_SCHEME
from frontdesk.storage import pg_setup  # setup_server through the module: the TLS tests patch it there
from frontdesk.storage.pg_setup import DEFAULT_DATABASE, PracticeKeys, SetupResult, StepReport, new_practice_keys
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.storage.table_copy import RowProgress

PASSPHRASE_FIELD = "passphrase"  # the single-PC wizard's name for it: the same check, beside the same kind of box
MOVE_IN_FIELD = "Move in from"


@dataclass(frozen=True)
class ServerSetup:
    """Setup's result, and where a moved-in practice came from ("" for a new practice)."""

    result: SetupResult
    moved_from: str
    key_id: str  # the key file's, printed on the recovery key's Emergency Kit
    notices: tuple[str, ...] = ()  # said when the moved-in folder was opened (permissions repaired)


def set_up_practice_server(superuser_url: str, hosts: Sequence[str], *, passphrase: str | None,
                           password: str | None = None, database: str = DEFAULT_DATABASE, start_over: bool = False,
                           move_in_from: str | Path | None = None, key_cache: KeyCache | None = None,
                           kdf: dict[str, int] | None = None, min_version: int | None = None,
                           on_step: StepReport | None = None, on_rows: RowProgress | None = None) -> ServerSetup:
    """Set up the server at ``superuser_url`` (``password``: the superuser's) for a new practice whose
    administrator ``passphrase`` is given, or for the single-PC practice in ``move_in_from`` (``passphrase``:
    that practice's own, else its key from ``key_cache``). Raises, having changed nothing, on any refusal.
    ``min_version``: the test-only override of setup's PostgreSQL 16 (None: setup's own default). ``on_step``
    hears each step as it starts, ``on_rows(done, total)`` the rows of a move-in as they arrive."""
    lowest = {} if min_version is None else {"min_version": min_version}
    set_up = functools.partial(pg_setup.setup_server, superuser_url, list(hosts), database=database,
                               password=password, start_over=start_over, on_step=on_step, **lowest)
    if move_in_from is None:
        if passphrase is None:
            raise ValidationError(PASSPHRASE_FIELD, "Choose the administrator passphrase of the new practice.")
        check_passphrase_strength(passphrase)
        keys = new_practice_keys(passphrase, kdf=kdf)
        return ServerSetup(set_up(keys), "", keys.key_file.key_id)
    paths, source = open_moving_practice(move_in_from, passphrase, key_cache)
    try:
        key_file = KeyFile.load(paths.key_file)
        result = set_up(PracticeKeys(key_file, source.key),
                        move_in=lambda target: run_move_in(source, target, key_file, progress=on_rows))
        return ServerSetup(result, str(paths.root), key_file.key_id, tuple(source.start_notices))
    finally:
        source.close()


def superuser_url(host: str, port: int, user: str) -> str:
    """The superuser's address setup connects with (its password is given apart, never in the address)."""
    return URL.create(URL_SCHEME, username=user, host=host, port=port, database="postgres").render_as_string()


def open_moving_practice(folder: str | Path, passphrase: str | None, key_cache: KeyCache | None
                         ) -> tuple[DataPaths, Database]:
    """The single-PC practice in ``folder``, opened to be read (not upgraded: a move-in copies it as it is)."""
    paths = resolve_data_dir(folder)
    if not paths.exists():
        raise ValidationError(MOVE_IN_FIELD, f"There is no practice data in {paths.root}: choose the data folder of "
                                             "the practice to move in. Nothing was changed.")
    try:
        key = unlock_key(paths, KeySource(passphrase=passphrase or None), key_cache)
    except WrongKeyError as exc:
        raise ValidationError(PASSPHRASE_FIELD, f"This is not the administrator passphrase of the practice in "
                                                f"{paths.root}: type that practice's own (it keeps it on the "
                                                "server). Nothing was changed.") from exc
    except KeyUnavailableError as exc:
        raise ValidationError(PASSPHRASE_FIELD, f"Type the administrator passphrase of the practice in {paths.root} "
                                                "(it keeps it on the server). Nothing was changed.") from exc
    return paths, open_practice_store(paths, key, migrate=False)


def recovery_code_lines(code: str, *, groups_per_line: int = 9, indent: str = "") -> str:
    """The server recovery code in lines of nine groups, as it is printed for the safe (and shown on screen)."""
    groups = code.split("-")
    return "\n".join(indent + "-".join(groups[i : i + groups_per_line])
                     for i in range(0, len(groups), groups_per_line))
