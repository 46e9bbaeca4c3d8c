"""What a person types to enrol a workstation: the server address and the enrolment code, each error beside
its field, and server.json read back strictly (no server needed here; tests/storage/pg/test_enrol.py enrols)."""

from __future__ import annotations

import pytest
from testsupport import MemoryKeyring

from frontdesk.errors import DamagedFileError, StorageError, ValidationError, ValidationErrors
from frontdesk.paths import DataPaths
from frontdesk.storage import enrolment_code as ec
from frontdesk.storage.enrol import ADDRESS_FIELD, ServerAddress, check_entries, enrol_workstation, \
    parse_server_address
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.server_config import server_file


@pytest.mark.parametrize(("typed", "expected"), [
    ("frontdesk-server", ServerAddress("frontdesk-server", 5432, "frontdesk")),
    (" 192.168.1.20:6543 ", ServerAddress("192.168.1.20", 6543, "frontdesk")),
    ("db.example.org/maple", ServerAddress("db.example.org", 5432, "maple")),
    ("[fd00::20]:5433/frontdesk", ServerAddress("fd00::20", 5433, "frontdesk")),
])
def test_server_addresses_as_people_type_them(typed: str, expected: ServerAddress) -> None:
    assert parse_server_address(typed) == expected


def test_an_ipv6_address_is_shown_in_brackets() -> None:
    assert parse_server_address("[fd00::20]").text == "[fd00::20]:5432"


@pytest.mark.parametrize(("typed", "says"), [
    ("", "is required"),
    ("front desk", "is not a server name or address"),
    ("server:0", "from 1 to 65535"),
    ("server:http", "from 1 to 65535"),
    ("server/drop table", "is not a database name"),
    ("[not-v6]:5432", "is not an IPv6 address"),
    ("[fd00::1", "not complete"),
])
def test_wrong_addresses_say_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says) as refused:
        parse_server_address(typed)
    assert refused.value.field == ADDRESS_FIELD


def test_both_fields_are_checked_at_once() -> None:
    with pytest.raises(ValidationErrors) as refused:
        check_entries("front desk", "ABCDE")
    assert [e.field for e in refused.value.errors] == [ADDRESS_FIELD, ec.FIELD]


def test_a_pc_holding_a_practice_of_its_own_is_not_enrolled(data_paths: DataPaths, practice) -> None:  # type: ignore[no-untyped-def]
    code = ec.EnrolmentCode.new(b"certificate").format()
    with pytest.raises(StorageError, match="already holds a practice"):
        enrol_workstation(data_paths, "127.0.0.1:1", code, key_cache=KeyCache(MemoryKeyring()))
    assert not server_file(data_paths).exists()


def test_a_damaged_server_json_says_how_to_start_over(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.storage.server_config import load_server_config

    paths = DataPaths(tmp_path)
    server_file(paths).write_text('{"host": "server", "port": 5432, "database": "frontdesk", '
                                  '"certificate_pem": "not a certificate"}')
    with pytest.raises(DamagedFileError, match="enrol this PC again"):
        load_server_config(paths)
