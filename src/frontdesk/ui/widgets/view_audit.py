"""Which view of PHI a screen has opened, so that opening it is audited once and refreshing it never is.

A screen that shows a list of a patient's data (the policies, a ledger) calls the service's audited
"open" function the first time it shows a given view, and the quiet list function for every refresh
after that (a data-changed signal, a filter or a sort), as the patient, claim and message views do by
loading their record once per opening.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class ViewOpening:
    """Remembers the view last opened (a key such as a patient id); :meth:`pick` chooses the service."""

    def __init__(self) -> None:
        self._opened: Hashable | None = None

    def pick(self, key: Hashable, opening: Callable[..., Any], refresh: Callable[..., Any]) -> Callable[..., Any]:
        """``opening`` (audited) when ``key`` is not the view on screen, and remember it; else ``refresh``."""
        if key == self._opened:
            return refresh
        self._opened = key
        return opening

    def forget(self) -> None:
        """The next load is an opening again (another patient chosen, the user changed, the load failed)."""
        self._opened = None
