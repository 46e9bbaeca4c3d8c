"""The enrolment code: printed form, typing variants, bad input, and the wrapped connection secret."""

from __future__ import annotations

import re

import pytest

from frontdesk.errors import ValidationError
from frontdesk.storage import enrolment_code as ec

CERT = b"0\x82\x01\x00 pretend DER of the practice certificate"
OTHER_CERT = b"0\x82\x01\x00 the certificate of someone in between"
SECRET = ec.ConnectionSecret(app_password="pw-" + "x" * 40, practice_key=bytes(range(32)), database="frontdesk")


def test_printed_form_is_29_crockford_characters_in_groups_of_five_and_round_trips():
    code = ec.EnrolmentCode.new(CERT)
    text = code.format()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){5}[0-9A-HJKMNP-TV-Z]{4}", text), text
    assert ec.EnrolmentCode.parse(text) == code
    assert ec.parse(ec.format(code)) == code
    assert len(code.token) == 10 and code.fingerprint_prefix == __import__("hashlib").sha256(CERT).digest()[:8]


def test_known_value_pins_the_encoding():
    code = ec.EnrolmentCode(token=bytes(10), fingerprint_prefix=b"\xff" * 8)
    assert code.format() == "00000-00000-00000-0ZZZZ-ZZZZZ-ZZZY"
    assert ec.parse("00000-00000-00000-0ZZZZ-ZZZZZ-ZZZY") == code


def test_typing_variants_are_accepted():
    code = ec.EnrolmentCode.new(CERT)
    text = code.format()
    assert ec.parse(text.lower()) == code
    assert ec.parse(text.replace("-", "")) == code
    assert ec.parse(text.replace("-", " ")) == code
    assert ec.parse("  " + text.replace("-", " - ") + "\n") == code
    # Crockford: O reads as 0, I and L as 1
    zeros = ec.EnrolmentCode(token=b"\x00" * 9 + b"\x01", fingerprint_prefix=bytes(8))
    typed = zeros.format().replace("0", "o").replace("1", "l")
    assert ec.parse(typed) == zeros
    assert ec.parse(zeros.format().replace("1", "I")) == zeros


@pytest.mark.parametrize(
    "text",
    ["", "ABCDE", "00000-00000-00000-00000-00000-000", "00000-00000-00000-00000-00000-00000",
     "00000-00000-00000-00000-00000-000U", "00000-00000-00000-00000-00000-00#0",
     "00000-00000-00000-00000-00000-0001"],
)
def test_bad_input_names_the_field(text):
    with pytest.raises(ValidationError) as caught:
        ec.parse(text)
    assert caught.value.field == "Enrolment code"
    assert "enrolment code" in caught.value.message.lower()


def test_bad_character_is_named():
    with pytest.raises(ValidationError, match="'U'"):
        ec.parse("00000-00000-00000-00000-00000-000U")


def test_token_hash_is_hex_sha256_of_the_token_only():
    code = ec.EnrolmentCode.new(CERT)
    digest = ec.token_sha256(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == __import__("hashlib").sha256(code.token).hexdigest()
    assert ec.token_sha256(ec.EnrolmentCode.new(CERT)) != digest


def test_prefix_matches_only_the_issuing_certificate():
    code = ec.EnrolmentCode.new(CERT)
    assert ec.matches(code, CERT)
    assert not ec.matches(code, OTHER_CERT)


def test_enrol_password_is_derived_from_the_prefix():
    code = ec.EnrolmentCode.new(CERT)
    password = ec.enrol_password(code.fingerprint_prefix)
    assert password == ec.enrol_password(ec.EnrolmentCode.new(CERT).fingerprint_prefix)
    assert password != ec.enrol_password(ec.EnrolmentCode.new(OTHER_CERT).fingerprint_prefix)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", password)


def test_wrap_unwrap_round_trip_and_each_wrap_differs():
    code = ec.EnrolmentCode.new(CERT)
    blob = ec.wrap(code, SECRET)
    assert ec.unwrap(code, blob) == SECRET
    assert ec.wrap(code, SECRET) != blob  # fresh nonce
    assert SECRET.app_password.encode() not in blob and SECRET.practice_key not in blob


def test_wrong_token_cannot_unwrap():
    code = ec.EnrolmentCode.new(CERT)
    blob = ec.wrap(code, SECRET)
    other = ec.EnrolmentCode(token=bytes(b ^ 1 for b in code.token), fingerprint_prefix=code.fingerprint_prefix)
    with pytest.raises(ValidationError) as caught:
        ec.unwrap(other, blob)
    assert caught.value.field == "Enrolment code"
    with pytest.raises(ValidationError):
        ec.unwrap(code, blob[:-1] + bytes([blob[-1] ^ 1]))
    with pytest.raises(ValidationError):
        ec.unwrap(code, b"short")


def test_secrets_stay_out_of_repr():
    code = ec.EnrolmentCode.new(CERT)
    assert code.token.hex() not in repr(code)
    assert SECRET.app_password not in repr(SECRET) and "frontdesk" in repr(SECRET)
