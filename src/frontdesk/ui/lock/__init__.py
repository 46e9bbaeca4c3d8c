"""Screen locking: the lock page, hiding open dialogs while locked, and switching users."""

from frontdesk.ui.lock.conceal import WindowConcealer, owned_windows
from frontdesk.ui.lock.screen import LockScreen, SwitchUserConfirm

__all__ = ["LockScreen", "SwitchUserConfirm", "WindowConcealer", "owned_windows"]
