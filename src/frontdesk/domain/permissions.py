"""Roles and the permission matrix; services check it, deny by default."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    BILLING = "billing"
    ADMIN = "admin"
    CLINICAL = "clinical"  # providers, nurses, medical assistants (issue 19)

    @property
    def label(self) -> str:
        return {"front_desk": "Front desk", "billing": "Billing", "admin": "Admin", "clinical": "Clinical"}[self.value]


class Permission(StrEnum):
    # Anyone may try these: signing in, first-run setup (only while no practice exists).
    PUBLIC = "public"
    # Any signed-in, active user: their own session and password, reading practice basics.
    SIGNED_IN = "signed_in"
    VIEW_PATIENTS = "view_patients"
    EDIT_PATIENTS = "edit_patients"
    VIEW_PROVIDERS = "view_providers"
    MANAGE_PROVIDERS = "manage_providers"
    MANAGE_PRACTICE = "manage_practice"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    BACKUP = "backup"
    RESTORE = "restore"
    # Patients
    MERGE_PATIENTS = "merge_patients"
    MANAGE_PAYERS = "manage_payers"
    MANAGE_CONSENT_SETTINGS = "manage_consent_settings"
    # Calendar
    VIEW_SCHEDULE = "view_schedule"
    BOOK_APPOINTMENTS = "book_appointments"
    OVERRIDE_SCHEDULE_RULES = "override_schedule_rules"  # book over a conflict, outside hours, in the past
    MANAGE_SCHEDULE_SETUP = "manage_schedule_setup"  # hours, rooms, types, blockouts, holidays
    # Billing
    VIEW_BILLING = "view_billing"  # encounters, claims, fee schedule, code search
    ENTER_CHARGES = "enter_charges"  # encounters, diagnoses, service lines; build claims
    SUBMIT_CLAIMS = "submit_claims"  # print and export claims, corrected and void claims
    MANAGE_FEE_SCHEDULE = "manage_fee_schedule"
    MANAGE_BILLING_SETTINGS = "manage_billing_settings"  # 837P submitter / receiver
    # Payments (billing part 2)
    TAKE_PAYMENTS = "take_payments"  # patient payments and applying their credit; receipts
    POST_INSURANCE_PAYMENTS = "post_insurance_payments"  # payer checks / EFTs and their EOB line postings
    REVERSE_PAYMENTS = "reverse_payments"  # reversal entries that correct a posted payment
    REFUND_CREDITS = "refund_credits"  # paying a patient's unapplied credit back
    # Statements and A/R aging (billing part 2): billing reports, not front-desk work
    PRINT_STATEMENTS = "print_statements"  # statement batches, confirm printed, reprints, "do not send" holds
    VIEW_AGING = "view_aging"  # A/R aging report and its PDF / CSV exports
    # End of day (issue 8)
    CLOSE_DAY = "close_day"  # day sheet, drawer count, closing checklist, closing a day
    MAKE_DEPOSITS = "make_deposits"  # save a deposit (locks its payments) and print its slip
    CORRECT_CLOSED_DAY = "correct_closed_day"  # change a closed day's payments or charges as dated corrections
    # Letters and recalls (issue 9)
    SEND_LETTERS = "send_letters"  # print letters to patients; reprint from the correspondence history
    EDIT_LETTER_TEMPLATES = "edit_letter_templates"  # change built-in templates, add the practice's own
    MANAGE_RECALLS = "manage_recalls"  # add recalls, log call outcomes, close them
    # Front-desk communications: phone messages and tasks (everyone signed in)
    TAKE_MESSAGES = "take_messages"  # take, read, route, reply to and close phone messages
    MANAGE_TASKS = "manage_tasks"  # create, assign and close tasks
    MANAGE_REFERRALS = "manage_referrals"  # outside directory, outgoing and incoming referrals, letters


_FRONT_DESK = {
    Permission.SIGNED_IN,
    Permission.VIEW_PATIENTS,
    Permission.EDIT_PATIENTS,
    Permission.VIEW_PROVIDERS,
    Permission.BACKUP,
    Permission.VIEW_SCHEDULE,
    Permission.BOOK_APPOINTMENTS,
    Permission.VIEW_BILLING,
    Permission.TAKE_PAYMENTS,
    Permission.CLOSE_DAY,
    Permission.MAKE_DEPOSITS,
    Permission.SEND_LETTERS,
    Permission.MANAGE_RECALLS,
    Permission.TAKE_MESSAGES,
    Permission.MANAGE_TASKS,
    Permission.MANAGE_REFERRALS,
}
_BILLING = _FRONT_DESK | {
    Permission.MANAGE_PAYERS,
    Permission.ENTER_CHARGES,
    Permission.SUBMIT_CLAIMS,
    Permission.MANAGE_FEE_SCHEDULE,
    Permission.MANAGE_BILLING_SETTINGS,
    Permission.POST_INSURANCE_PAYMENTS,
    Permission.REVERSE_PAYMENTS,
    Permission.REFUND_CREDITS,
    Permission.PRINT_STATEMENTS,
    Permission.VIEW_AGING,
    Permission.EDIT_LETTER_TEMPLATES,
}
_ADMIN = set(Permission) - {Permission.PUBLIC}
# Clinicians: their inbox of phone messages and tasks, the schedule and the demographics, read only
# (registration and booking stay with the front desk); no billing, payments, day close, backups or admin.
_CLINICAL = {
    Permission.SIGNED_IN,
    Permission.VIEW_PATIENTS,
    Permission.VIEW_PROVIDERS,
    Permission.VIEW_SCHEDULE,
    Permission.TAKE_MESSAGES,
    Permission.MANAGE_TASKS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FRONT_DESK: frozenset(_FRONT_DESK),
    Role.BILLING: frozenset(_BILLING),
    Role.ADMIN: frozenset(_ADMIN),
    Role.CLINICAL: frozenset(_CLINICAL),
}


def role_allows(role: Role | str, permission: Permission) -> bool:
    if permission is Permission.PUBLIC:
        return True
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False  # an unknown role gets nothing


def denied_reason(what: str, role: Role) -> str:
    """Why a menu, pane or tab is greyed out for ``role``: said once, the same way everywhere."""
    return f"{what} is not part of the {role.label} role; an administrator can change your role if you need it."
