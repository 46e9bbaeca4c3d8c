"""Which tables are append-only, and the few columns of them that may still change, each with its reason.

The database enforces this with BEFORE UPDATE / BEFORE DELETE triggers (migrations 0001, 0008, 0009, 0014,
0016, 0019); tests/migrations/test_append_only.py updates every other column of a posted row with raw SQL and
expects the database to refuse, so a column added later is covered or the test names it.
"""

from __future__ import annotations

# table -> {column: why it may change after the row is written}
APPEND_ONLY: dict[str, dict[str, str]] = {
    "audit_event": {},
    "payment": {
        "patient_id": "merging a duplicate patient moves its payments to the record that stays; the trigger "
                      "allows exactly that move (from a patient marked merged into the new one) and nothing else",
    },
    "payment_application": {},
    "insurance_payment": {
        "status": "a payer check closes when its postings add up, reopens when one is reversed, and is voided",
        "closed_at": "set when the check closes, cleared when a reversal reopens it",
        "void_reason": "written when a mistyped check is voided",
        "voided_at": "written when a mistyped check is voided",
        "voided_by": "written when a mistyped check is voided",
    },
    "insurance_line_posting": {},
    "posting_adjustment": {},
    "deposit": {},
    "deposit_item": {},
    "day_close": {},
    "era_import": {},
    "payer_check_adjustment": {},
    "era_unmatched_claim": {
        "resolution": "written once when the desk posts the claim to one it picked, or dismisses it",
        "resolved_claim_id": "the claim the desk picked for it",
        "resolution_note": "the reason it was dismissed, or a note on the claim picked",
        "resolved_at": "when it was resolved",
        "resolved_by": "who resolved it",
    },
    "closed_day_correction": {},
    "disclosure": {
        "patient_id": "merging a duplicate patient moves its disclosures to the record that stays",
        "voided_at": "written once when a mistaken entry is voided (it stays in the log)",
        "voided_by": "written once when a mistaken entry is voided",
        "void_reason": "written once when a mistaken entry is voided",
    },
}
