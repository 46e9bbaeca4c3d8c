"""Admin: who may do what, the practice itself, and keeping its data safe.

Public modules: ``auth`` (sign in and out, idle lock, unlock, lockout, own password), ``users``,
``practice`` (first-run setup, identity, settings), ``providers``, ``audit`` (reading and exporting the
audit trail), ``backups`` (back up now, restore, restore drills, history), ``security`` (passphrase change and
audit records for key handling done outside the database). Unattended jobs, run with the practice key and no
one signed in (the CLI's scheduled backup, restore, drill and ``frontdesk check``; a new install's restore):
``backup_jobs`` and ``checks``; a signed-in user reaches them only through ``backups``.

Private helpers: writing backup runs, restores and drills to their logs.
"""
