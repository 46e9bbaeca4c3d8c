"""How a patient came to the practice (their referral source): the stored keys and the words shown for them.

Kept apart from the referring physician (patient.referring_name / referring_npi, printed on claims): this is
the office's marketing question, "how did you hear of us?", counted by Calendar > Reports' new-patients report.
Blank means nobody asked or the patient was registered before the field existed: it is never guessed.
"""

from __future__ import annotations

NOT_RECORDED = "Not recorded"
REFERRAL_SOURCES: dict[str, str] = {
    "physician": "Physician referral",
    "patient": "Another patient / family",
    "insurance": "Insurance directory",
    "web": "Web search / website",
    "walk_in": "Walk-in",
    "other": "Other",
}


def referral_source_label(key: str | None) -> str:
    """The words for a stored key; blank (or an unknown old key) reads "Not recorded"."""
    return REFERRAL_SOURCES.get(key or "", NOT_RECORDED)
