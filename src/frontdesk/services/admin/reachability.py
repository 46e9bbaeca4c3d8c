"""Is the practice database answering? The workstation's cheap retry while the practice server is away."""

from __future__ import annotations

from sqlalchemy import text

from frontdesk.domain.permissions import Permission
from frontdesk.services._base import Tx, operation


@operation(Permission.PUBLIC, write=False)
def ping_server(tx: Tx) -> None:
    """One round trip to the database (``SELECT 1``); raises ServerUnavailableError while the server is away.

    Public and free of patient data: it runs while nobody is signed in too (the sign-in window)."""
    tx.session.execute(text("SELECT 1"))
