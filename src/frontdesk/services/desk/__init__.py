"""Desk: the office's own work between visits.

Public modules: ``phone_messages`` and ``tasks`` (for a person or a role, open -> in progress -> done),
``referrals`` (outgoing and incoming, with status history), ``referral_types``, ``outside_directory``
(providers and facilities referrals go to), ``letters`` (templates, merge, print), ``recalls``, ``synthetic``
(whom the demo practice's seeded Desk items may be about; demo practice only).

Private helpers: message rules and queries, referral fields and rows, directory entries, letter merge
fields and letter data. The referral letter's record is ``frontdesk.domain.referral_letter``.
"""
