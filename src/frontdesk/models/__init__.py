"""Typed SQLAlchemy models; importing this package registers every table on Base.metadata."""

from frontdesk.models.accounting import AccountingExport, AccountMapping
from frontdesk.models.appointment import Appointment, AppointmentEvent, AppointmentSeries, WaitlistEntry
from frontdesk.models.audit import AuditEvent
from frontdesk.models.backup_log import BackupRun, BackupSchedule, RestoreDrill, ScheduledBackup
from frontdesk.models.base import Base
from frontdesk.models.billing import BillingSettings, Encounter, EncounterDiagnosis, FeeScheduleItem, PayerFee, ServiceLine
from frontdesk.models.claim import Claim, ClaimBatch, ClaimEvent, ClaimLine
from frontdesk.models.consent import ConsentRecord, ConsentType
from frontdesk.models.contact import ContactEvent
from frontdesk.models.disclosure import Disclosure
from frontdesk.models.documents import PatientDocument, PatientDocumentContent
from frontdesk.models.era import EraImport, EraUnmatchedClaim, PayerCheckAdjustment
from frontdesk.models.eligibility_files import (
    EligibilityExport,
    EligibilityImport,
    EligibilityRequest,
    EligibilityUnmatched,
)
from frontdesk.models.end_of_day import CashDrawerCount, ClosedDayCorrection, DayClose, DaySheetPrint, Deposit, DepositItem
from frontdesk.models.family import Family, Guarantor
from frontdesk.models.insurance import EligibilityCheck, InsuranceCardImage, InsurancePolicy, Payer
from frontdesk.models.intake import IntakeRecord
from frontdesk.models.letters import Letter, LetterTemplate, Recall
from frontdesk.models.messages import MessageNote, MessageRead, PhoneMessage, StaffTask
from frontdesk.models.patient import Patient
from frontdesk.models.patient_phone import PatientPhone
from frontdesk.models.payment import InsuranceLinePosting, InsurancePayment, Payment, PaymentApplication, PostingAdjustment
from frontdesk.models.practice import Practice, Provider
from frontdesk.models.referral import IncomingReferral, OutsideProvider, Referral, ReferralEvent
from frontdesk.models.sign_in import UnknownNameFailure
from frontdesk.models.scheduling import AppointmentType, Blockout, ExamRoom, Holiday, ScheduleException, WorkingHours
from frontdesk.models.statement import Statement, StatementBatch, StatementHold, StatementPatient
from frontdesk.models.user import User

__all__ = ["AccountingExport", "AccountMapping", "Letter", "LetterTemplate", "Recall",
           "BillingSettings", "Encounter", "EncounterDiagnosis", "FeeScheduleItem", "PayerFee", "ServiceLine",
           "Claim", "ClaimBatch", "ClaimEvent", "ClaimLine",
           "MessageNote", "MessageRead", "PhoneMessage", "StaffTask",
           "InsuranceLinePosting", "InsurancePayment", "Payment", "PaymentApplication", "PostingAdjustment",
           "EraImport", "EraUnmatchedClaim", "PayerCheckAdjustment",
           "BackupRun", "BackupSchedule", "RestoreDrill", "ScheduledBackup",
           "Statement", "StatementBatch", "StatementHold", "StatementPatient",
           "CashDrawerCount", "ClosedDayCorrection", "DayClose", "DaySheetPrint", "Deposit", "DepositItem",
           "IncomingReferral", "OutsideProvider", "Referral", "ReferralEvent",
           "Appointment", "AppointmentEvent", "AppointmentSeries", "AppointmentType", "Blockout", "ExamRoom",
           "Holiday", "ScheduleException", "WaitlistEntry", "WorkingHours",
           "AuditEvent", "Base", "ConsentRecord", "ConsentType", "ContactEvent", "Disclosure", "EligibilityCheck",
           "EligibilityExport", "EligibilityImport", "EligibilityRequest", "EligibilityUnmatched",
           "InsuranceCardImage", "InsurancePolicy", "IntakeRecord", "Payer", "Patient",
           "Family", "Guarantor", "PatientDocument", "PatientDocumentContent", "PatientPhone", "Practice", "Provider",
           "UnknownNameFailure", "User"]
