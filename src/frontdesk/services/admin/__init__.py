"""Admin: who may do what, the practice itself, and keeping its data safe.

Public modules: ``auth`` (sign in and out, idle lock, unlock, lockout, own password), ``users``,
``practice`` (first-run setup, identity, settings), ``providers``, ``audit`` (reading and exporting the
audit trail), ``backups`` (back up now, restore, restore drills, history), ``security`` (audit records for
key handling done outside the database).

Private helpers: writing backup runs, restores and drills to their logs.
"""
