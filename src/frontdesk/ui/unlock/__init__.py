"""Opening the practice data: the passphrase / recovery-key dialog and the 'please wait' window."""

from frontdesk.ui.unlock.dialog import UnlockDatabaseDialog, UnlockResult, explanation

__all__ = ["UnlockDatabaseDialog", "UnlockResult", "explanation"]
