"""The demo practice: a realistic, synthetic practice built through the public services.

``build`` makes (or reuses) the demo data folder with its steps and progress; ``data`` (patients,
providers), ``schedule``, ``insurance``, ``fees``, ``billing`` and ``_remits`` seed each area; ``desk``
and ``desk_cast`` seed the Desk's messages, tasks and referrals with ``_desk_script``'s scenes, the clock
of ``_desk_time`` and the staff of ``_staff``.
Nothing here is used by the app's own screens except to build the demo.
"""
