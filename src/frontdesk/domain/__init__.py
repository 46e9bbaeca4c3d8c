"""Domain rules with no storage or UI: identifiers, text hygiene, roles, formats.

Also the plain records the services build and the report writers read (``claim_form``, ``payment_records``,
``day_close_records``, ``referral_letter``, ``aging_report``), and the rules every area shares
(``appointment_statuses``, ``insurance_fields``, ``card_numbers``), so that no report or service area
imports another area to reach them.
"""
