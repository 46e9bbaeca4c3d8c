"""The server recovery code's text form (storage/server_recovery.py): typed back as printed, typos caught.

On the server: tests/storage/pg/test_server_recovery.py.
"""

from __future__ import annotations

import pytest

from frontdesk.errors import ValidationError
from frontdesk.storage.enrolment_code import ConnectionSecret
from frontdesk.storage.pg_setup import new_password
from frontdesk.storage.server_recovery import FIELD, format_recovery_code, key_check, parse_recovery_code

SECRET = ConnectionSecret(app_password=new_password(), practice_key=bytes(range(32)), database="fd")


def test_the_code_round_trips_as_typed_in_any_case_with_or_without_dashes() -> None:
    text = format_recovery_code(SECRET)
    groups = text.split("-")
    assert len(groups) == 27 and {len(group) for group in groups} == {4}
    assert set(text) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ-")
    for typed in (text, text.lower(), text.replace("-", ""), " ".join(groups), text.replace("0", "O")
                  .replace("1", "I")):
        assert parse_recovery_code(typed, "fd") == SECRET


def test_a_typing_mistake_or_a_wrong_length_is_refused_naming_the_field() -> None:
    text = format_recovery_code(SECRET)
    swapped = text[:5] + ("A" if text[5] != "A" else "B") + text[6:]
    for typed, message in ((swapped, "typing mistake"), (text[:-2], "106 letters and digits"),
                           (text[:-1] + "U", "has no 'U'")):
        with pytest.raises(ValidationError) as refused:
            parse_recovery_code(typed, "fd")
        assert refused.value.field == FIELD and message in refused.value.message


def test_the_key_check_depends_on_the_key_and_the_password() -> None:
    other_key = ConnectionSecret(SECRET.app_password, bytes(32), "fd")
    other_password = ConnectionSecret(new_password(), SECRET.practice_key, "fd")
    assert len({key_check(SECRET), key_check(other_key), key_check(other_password)}) == 3
    assert key_check(SECRET) == key_check(ConnectionSecret(SECRET.app_password, SECRET.practice_key, "elsewhere"))
