"""Backup screens: Back up now, the last-backup indicator, the Admin "Backups" tab, restore and restore drills."""

from frontdesk.ui.backup.age_indicator import BackupAgeIndicator, describe_age
from frontdesk.ui.backup.backup_dialog import (
           BackupDialog,
           BackupOutcome,
           make_backup_runner,
)
from frontdesk.ui.backup.backups_tab import BackupsTab
from frontdesk.ui.backup.drill_dialog import DrillDialog
from frontdesk.ui.backup.new_install import NewInstallRestoreDialog
from frontdesk.ui.backup.restore_dialog import RestoreDialog

__all__ = ["BackupAgeIndicator", "BackupDialog", "BackupOutcome", "BackupsTab", "DrillDialog",
           "NewInstallRestoreDialog", "RestoreDialog", "describe_age", "make_backup_runner"]
