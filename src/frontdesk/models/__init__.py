"""Typed SQLAlchemy models; importing this package registers every table on Base.metadata."""

from frontdesk.models.audit import AuditEvent
from frontdesk.models.base import Base
from frontdesk.models.contact import ContactEvent
from frontdesk.models.patient import Patient
from frontdesk.models.practice import Practice, Provider
from frontdesk.models.user import User

__all__ = ["AuditEvent", "Base", "ContactEvent", "Patient", "Practice", "Provider", "User"]
