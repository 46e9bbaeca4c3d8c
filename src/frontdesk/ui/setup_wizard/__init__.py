"""First-run setup wizard, the Emergency Kit output and the change-passphrase dialog."""

from frontdesk.ui.setup_wizard.change_passphrase import ChangePassphraseDialog
from frontdesk.ui.setup_wizard.wizard import SetupWizard

__all__ = ["ChangePassphraseDialog", "SetupWizard"]
