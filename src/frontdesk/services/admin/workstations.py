"""Workstations of a practice server: an administrator issues the enrolment code that lets one more PC join.

The code is made here, on an enrolled workstation, from what that workstation already holds: its connection
secret (the app role's password and the practice key, from its OS keyring) and the server certificate it
pinned. The server keeps only the SHA-256 of the code's token and the secret sealed under the token
(``frontdesk_issue_enrolment``, storage/pg_grants.py), so the code is shown once, here, and nowhere else:
neither the audit trail nor any log holds the code or the secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError
from frontdesk.services._base import Tx, operation
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage.pg_grants import ISSUE

SINGLE_PC = ("This is a single-PC practice: it has no workstations to enrol. A practice server (PostgreSQL) "
             "is needed for several PCs; see README, \"Server mode\".")


@dataclass(frozen=True)
class IssuedCode:
    """A new enrolment code, to show once: it lets one workstation join until it expires."""

    code: str
    expires_at: datetime


@operation(Permission.MANAGE_USERS)
def issue_enrolment_code(tx: Tx, secret: codes.ConnectionSecret, server_certificate_der: bytes,
                         workstation: str = "") -> IssuedCode:
    """Issue a new enrolment code (valid 7 days, one use) sealing this workstation's own connection secret.

    ``server_certificate_der`` is the certificate this workstation pinned: the new code carries its
    fingerprint so the next PC can tell the real server from an impostor. ``workstation`` (this PC's name)
    is recorded on the server as who issued it.
    """
    if tx.session.get_bind().dialect.name != "postgresql":
        raise ConflictError(SINGLE_PC)
    code = codes.EnrolmentCode.new(server_certificate_der)
    issued_by = f"{tx.actor.username if tx.actor else ''}@{workstation}".rstrip("@")
    expires_at = tx.session.execute(text(f"SELECT {ISSUE}(:token_sha256, :wrapped, :issued_by)"), {
        "token_sha256": codes.token_sha256(code), "wrapped": codes.wrap(code, secret), "issued_by": issued_by,
    }).scalar_one()
    tx.audit("workstation.enrolment_code", entity_type="enrolment",
             detail=f"enrolment code issued, valid until {expires_at:%m/%d/%Y %H:%M} UTC")
    return IssuedCode(code=code.format(), expires_at=expires_at)
