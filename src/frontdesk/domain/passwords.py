"""Password policy and Argon2id hashing (argon2-cffi defaults).

The policy follows NIST SP 800-63B: a minimum length, no composition rules, and a refusal of passwords that
are common, breached or guessable. Guessability is estimated by zxcvbn (Dropbox's estimator, maintained as
the zxcvbn package), told the username and the practice name so a password built from them scores low; the
common list is ours plus the 30,000 most common passwords from breaches that zxcvbn ships.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from frontdesk.domain.text import has_lone_surrogate
from frontdesk.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256

# A small deny-list of passwords people really pick at a front desk (and the long ones that pass length).
COMMON_PASSWORDS = frozenset(
    p.lower()
    for p in (
        "password1234", "password12345", "password123456", "passw0rd1234", "123456789012",
        "1234567890123", "qwertyuiop12", "qwerty123456", "iloveyou1234", "letmein12345",
        "welcome12345", "welcome123456", "administrator", "admin1234567", "changeme1234",
        "frontdesk123", "frontdesk1234", "medical12345", "doctor123456", "practice1234",
        "abcdefghijkl", "abc123456789", "111111111111", "000000000000", "monkey123456",
        "football1234", "baseball1234", "sunshine1234", "princess1234", "trustno11234",
        "summer2024!!", "winter2024!!", "spring2025!!", "password!!!!", "P@ssw0rd1234",
        "Password123!", "Welcome2024!", "Welcome2025!", "Welcome2026!", "qwertyuiopas",
        "1q2w3e4r5t6y", "zaq12wsxcde3", "asdfghjkl123", "superman1234", "dragon123456",
    )
)

# zxcvbn score 4 means "very unguessable" (10^10 guesses or more). Score 3 still let through the season-and-year
# passwords that password-spraying tries first (Summer2026!! scores 3).
MIN_SCORE = 4
ESTIMATE_CHARS = 72  # zxcvbn's own limit (its matching is slow beyond); a longer password is judged by its start
# Words anyone would try against this app whatever the practice: they count as "known to the guesser".
APP_WORDS = ("frontdesk", "front desk", "front", "desk", "clinic", "medical", "practice", "doctor")

_hasher = PasswordHasher()  # argon2-cffi defaults (Argon2id, RFC 9106 low-memory profile)


def check_password_policy(password: str, *, username: str = "", field: str = "password",
                          context: Sequence[str] = ()) -> None:
    """Refuse a weak new password with a ValidationError naming ``field`` and saying why in plain words.

    ``context`` holds words the guesser may know (the practice name, the person's full name)."""
    if not isinstance(password, str) or not password:
        raise ValidationError(field, "A password is required.")
    if len(password) < MIN_LENGTH:
        raise ValidationError(field, f"The password must be at least {MIN_LENGTH} characters long.")
    if len(password) > MAX_LENGTH:
        raise ValidationError(field, f"The password is too long (at most {MAX_LENGTH} characters).")
    if has_lone_surrogate(password):
        raise ValidationError(field, "The password contains an invalid character.")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered in _breached_passwords() or len(set(password)) <= 2:
        raise ValidationError(field, "That password is too common; choose another.")
    if username and lowered in (username.lower(), username.lower()[::-1]):
        raise ValidationError(field, "The password must not be the username.")
    weakness = _guessability(password, [username, *context, *APP_WORDS])
    if weakness:
        raise ValidationError(field, weakness)


@functools.cache
def _breached_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # imported on first use: start-up does not pay for it

    return frozenset(FREQUENCY_LISTS["passwords"])


def _guessability(password: str, known_words: Sequence[str]) -> str:
    """'' for a password zxcvbn finds hard enough to guess, else why not and what to do, in its plain words."""
    from zxcvbn import zxcvbn

    # zxcvbn matches each input as one whole token: give it every word too ("Smith & Jones Family Medicine").
    inputs = sorted({part for text in known_words for part in (text, *re.findall(r"\w+", text)) if part})
    # zxcvbn credits a space as a random character, so "Summer 2026 !!" scored 4 where "Summer2026!!" scores 3:
    # the password is judged with and without its spaces, and the weaker reading counts.
    readings = {password[:ESTIMATE_CHARS], "".join(password.split())[:ESTIMATE_CHARS]}
    result = min((zxcvbn(text, user_inputs=inputs) for text in readings if text), key=lambda r: r["score"])
    if result["score"] >= MIN_SCORE:
        return ""
    feedback = result["feedback"]
    # The warning says what is wrong; the last suggestion is the specific one (the first is always generic).
    advice = " ".join([feedback["warning"], *feedback["suggestions"][-1:]]).strip()
    return "This password is easy to guess. " + (advice or "Add another word or two. Uncommon words are better.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _typed_bytes(password: str) -> bytes:
    # A lone surrogate cannot be UTF-8 encoded; "surrogatepass" keeps it as bytes no valid password has,
    # so such a password is simply wrong, at the full cost of the hash (no timing difference, no crash).
    return password.encode("utf-8", "surrogatepass")


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, _typed_bytes(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@functools.cache
def _dummy_hash() -> str:
    # Made on first use, not at import: hashing costs ~0.1 s that start-up should not pay.
    return _hasher.hash("frontdesk timing equaliser")


def burn_verification_time(password: str) -> None:
    """Verify against a dummy hash when the username is unknown, so timing does not reveal which exist."""
    verify_password(_dummy_hash(), password)
