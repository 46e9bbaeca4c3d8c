"""Day close: ending the business day with figures that agree.

Public modules: ``end_of_day`` (day sheet, cash drawer count, deposits and slips, the checklist, closing a
day) and ``end_of_day_types`` (the frozen results).

Private helpers: the day sheet's and deposits' queries, the checklist steps and locked days (a closed
day's money changes only as an administrator's dated correction).
"""
