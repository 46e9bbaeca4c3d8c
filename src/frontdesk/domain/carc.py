"""Claim adjustment group and reason codes (CARC) and remark codes (RARC) as printed on EOBs and in 835s.

The codes are public (X12 / Washington Publishing Company lists); the descriptions are our own short
wording for the desk, not the official text. An unknown but well-formed reason code is accepted:
payers use codes this table does not list, and refusing an EOB line the paper shows would be worse.
"""

from __future__ import annotations

import re

from frontdesk.errors import ValidationError

# Group codes: who the adjusted amount falls on.
GROUP_CODES: dict[str, str] = {
    "CO": "Contractual obligation (written off)",
    "PR": "Patient responsibility",
    "OA": "Other adjustment",
    "PI": "Payer-initiated reduction",
    "CR": "Correction or reversal",
}
# Only PR leaves the amount owed (by the patient); every other group is written off the balance.
PATIENT_GROUP = "PR"

REASON_CODES: dict[str, str] = {
    "1": "Deductible",
    "2": "Coinsurance",
    "3": "Copay",
    "4": "Procedure code inconsistent with modifier",
    "5": "Procedure code inconsistent with place of service",
    "6": "Procedure inconsistent with patient age",
    "7": "Procedure inconsistent with patient sex",
    "8": "Procedure inconsistent with provider type",
    "9": "Diagnosis inconsistent with patient age",
    "11": "Diagnosis inconsistent with procedure",
    "15": "Authorization number missing or invalid",
    "16": "Claim lacks information needed to adjudicate",
    "18": "Exact duplicate claim or service",
    "19": "Work-related injury: bill workers' compensation",
    "22": "Another payer may cover this (coordination of benefits)",
    "23": "Prior payer's adjudication taken into account",
    "24": "Covered by a capitation or managed care plan",
    "26": "Service before coverage began",
    "27": "Service after coverage ended",
    "29": "Time limit for filing has expired",
    "31": "Patient not identified as our insured",
    "32": "Our records show the patient is not an eligible dependent",
    "39": "Services denied at the time authorization was requested",
    "45": "Charge exceeds the fee schedule or maximum allowable",
    "49": "Routine or preventive service not covered",
    "50": "Not deemed a medical necessity",
    "51": "Pre-existing condition not covered",
    "55": "Experimental or investigational service",
    "58": "Place of service not appropriate",
    "59": "Multiple or concurrent procedure rules applied",
    "66": "Blood deductible",
    "96": "Non-covered charge",
    "97": "Included in the payment for another service",
    "109": "Not covered by this payer: send to the correct payer",
    "119": "Benefit maximum reached for this period",
    "129": "Prior processing information was incorrect",
    "131": "Claim-specific negotiated discount",
    "140": "Patient or insured health ID number and name do not match",
    "146": "Diagnosis was invalid for the date of service",
    "151": "Payment adjusted: more services than the payer allows",
    "167": "Diagnosis is not covered",
    "170": "Payment denied when performed by this type of provider",
    "181": "Procedure code was invalid on the date of service",
    "182": "Procedure modifier was invalid on the date of service",
    "185": "Rendering provider not eligible to perform this service",
    "197": "Precertification or authorization absent",
    "198": "Precertification or authorization exceeded",
    "204": "Service not covered under the patient's current benefit plan",
    "226": "Information requested from the provider was not provided",
    "227": "Information requested from the patient was not provided",
    "234": "Procedure not paid separately",
    "236": "Procedure or modifier combination not compatible",
    "242": "Services not provided by network or primary care providers",
    "253": "Sequestration: reduction of federal payment",
    "A1": "Claim or service denied",
    "B7": "Provider not certified for this procedure on this date",
    "B15": "Requires a qualifying service that was not paid",
}

# CARC: 1-3 digits, or one letter then 1-2 digits (A1, B15). RARC: M, N or MA followed by digits.
_REASON_RE = re.compile(r"^(?:[0-9]{1,3}|[A-Z][0-9]{1,2})$")
_RARC_RE = re.compile(r"^(?:MA[0-9]{1,3}|[MN][0-9]{1,3})$")


def clean_group(value: str, field: str = "group") -> str:
    """'co ' -> 'CO'; ValidationError for anything that is not one of the five group codes."""
    code = value.strip().upper()
    if code not in GROUP_CODES:
        raise ValidationError(field, f"Adjustment group '{value.strip()[:4]}' is not one of CO, PR, OA, PI, CR.")
    return code


def clean_reason(value: str, field: str = "reason") -> str:
    """A CARC as typed -> its canonical form ('045' -> '45'); ValidationError if it is not shaped like one."""
    code = value.strip().upper()
    if code.isdigit():
        code = code.lstrip("0") or "0"
    if code == "0" or not _REASON_RE.match(code):
        raise ValidationError(field, f"'{value.strip()[:8]}' is not an adjustment reason code (e.g. 45, 1, 2, A1).")
    return code


def clean_remark(value: str, field: str = "remark_codes") -> str:
    """A remark code (RARC) such as N130, M15 or MA130, upper-cased; ValidationError otherwise."""
    code = value.strip().upper()
    if not _RARC_RE.match(code):
        raise ValidationError(field, f"'{value.strip()[:8]}' is not a remark code (like N130, M15 or MA130).")
    return code


def describe(group: str, reason: str) -> str:
    """'CO-45 Charge exceeds the fee schedule ...' for ledgers and receipts."""
    text = REASON_CODES.get(reason, "Adjustment")
    return f"{group}-{reason} {text}"
