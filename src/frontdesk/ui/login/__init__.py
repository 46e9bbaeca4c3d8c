"""The sign-in window shown after the practice data is open."""

from frontdesk.ui.login.window import LoginWindow

__all__ = ["LoginWindow"]
