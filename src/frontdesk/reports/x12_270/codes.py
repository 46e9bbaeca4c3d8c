"""Code words of the 271 the desk sees: AAA rejection reasons and follow-ups (005010X279A1 code lists)."""

from __future__ import annotations

# AAA03: why the payer could not answer (the guide's list, worded for the desk).
REJECT_REASONS: dict[str, str] = {
    "04": "authorized quantity exceeded",
    "15": "required application data missing",
    "35": "out of network",
    "41": "authorization or access restrictions",
    "42": "the payer cannot respond at this time",
    "43": "invalid or missing provider identification",
    "44": "invalid or missing provider name",
    "45": "invalid or missing provider specialty",
    "46": "invalid or missing provider phone number",
    "47": "invalid or missing provider state",
    "48": "invalid or missing referring provider identification",
    "49": "provider is not the primary care physician",
    "50": "provider not eligible for inquiries",
    "51": "provider not on file",
    "52": "service dates not within the provider's plan enrollment",
    "53": "inquired benefit inconsistent with provider type",
    "54": "inappropriate product or service ID qualifier",
    "55": "inappropriate product or service ID",
    "56": "inappropriate date",
    "57": "invalid or missing date of service",
    "58": "invalid or missing date of birth",
    "60": "date of birth follows the date of service",
    "61": "date of death precedes the date of service",
    "62": "date of service not within the allowable inquiry period",
    "63": "date of service in the future",
    "64": "invalid or missing patient ID",
    "65": "invalid or missing patient name",
    "66": "invalid or missing patient gender",
    "67": "patient not found",
    "68": "duplicate patient ID number",
    "69": "inconsistent with the patient's age",
    "70": "inconsistent with the patient's gender",
    "71": "date of birth does not match the payer's record",
    "72": "invalid or missing member ID",
    "73": "invalid or missing subscriber name",
    "74": "invalid or missing subscriber gender",
    "75": "subscriber not found",
    "76": "duplicate subscriber ID number",
    "77": "subscriber found, patient not found",
    "78": "subscriber not in the group or plan identified",
    "79": "invalid participant identification",
    "80": "no response received, transaction terminated",
    "97": "invalid or missing provider address",
    "T4": "payer name or identifier missing",
}
# AAA04: what the payer asks the practice to do next.
FOLLOW_UPS: dict[str, str] = {
    "C": "correct and resubmit",
    "N": "resubmission not allowed",
    "P": "resubmit the original inquiry",
    "R": "resubmission allowed",
    "S": "do not resubmit; the payer asked a third party",
    "W": "wait 30 days and resubmit",
    "X": "wait 10 days and resubmit",
    "Y": "do not resubmit; the payer will respond",
}
# Rejections that mean "the payer has no such member/patient" rather than a problem with the question.
NOT_FOUND_REASONS = frozenset({"64", "67", "72", "75", "76", "77", "78"})


def rejection_text(code: str, follow_up: str = "") -> str:
    """'Rejected: subscriber not found (75); correct and resubmit'."""
    words = REJECT_REASONS.get(code, "reason not given")
    text = f"Rejected: {words} ({code})" if code else "Rejected (no reason code)"
    action = FOLLOW_UPS.get(follow_up)
    return f"{text}; {action}" if action else text
