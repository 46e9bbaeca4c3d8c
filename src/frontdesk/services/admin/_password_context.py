"""The words a guesser at this practice would try first, handed to the password policy (NIST SP 800-63B)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.models import Practice


def password_context(session: Session, full_name: str) -> tuple[str, ...]:
    """The person's full name and the practice's name (a password built from them is easy to guess)."""
    practice = session.scalar(select(Practice.legal_name).limit(1)) or ""
    return full_name, practice
