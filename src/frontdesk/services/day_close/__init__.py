"""Day close: ending the business day with figures that agree.

Public modules: ``end_of_day`` (day sheet, cash drawer count, deposits and slips, the checklist, closing a
day) and ``end_of_day_types`` (the frozen results).

Private helpers: the day sheet's and deposits' queries and the checklist steps. Locked days (a closed
day's money changes only as an administrator's dated correction) are ``services/_day_locks``, used by
billing and payments too; the day sheet's and deposit slip's records are ``frontdesk.domain.day_close_records``.
"""
