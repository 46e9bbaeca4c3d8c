"""Start-up in server mode when the server cannot be reached: said in words, with the address (no server needed)."""

from __future__ import annotations

import pytest
from server_fixture import make_certificate
from tls_server import free_port
from testsupport import MemoryKeyring

from frontdesk.paths import DataPaths
from frontdesk.storage.enrol import ServerUnreachableError
from frontdesk.storage.enrolment_code import ConnectionSecret
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.server_config import ServerConfig, save_server_config, store_secret
from frontdesk.storage.store import open_server_store


def test_an_unreachable_server_is_named_with_its_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths, cache, port = DataPaths(tmp_path / "pc"), KeyCache(MemoryKeyring()), free_port()
    config = ServerConfig("127.0.0.1", port, "frontdesk", make_certificate()[0].decode())
    save_server_config(paths, config)
    store_secret(cache, config, ConnectionSecret("app password", bytes(32), "frontdesk"))
    with pytest.raises(ServerUnreachableError, match=f"Cannot reach the practice server at 127.0.0.1:{port}"):
        open_server_store(paths, cache)
