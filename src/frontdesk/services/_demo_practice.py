"""The demo guard shared by the synthetic-data services: they write only into a demo practice.

Synthetic records (thousands of fake patients, a year of visits, claims in every state) are for the demo
practice and the benchmarks; in a real practice's database they would be indistinguishable from PHI.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.errors import ConflictError
from frontdesk.models import Practice


def require_demo_practice(session: Session) -> Practice:
    """The practice row, or ConflictError when this is not a demo practice."""
    practice = session.scalar(select(Practice).limit(1))
    if practice is None or not practice.is_demo:
        raise ConflictError("Synthetic data can only be added to a demo practice.")
    return practice
