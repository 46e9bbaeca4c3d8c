"""Patients pane: search, recent patients, open (audited), register and edit patients."""

from frontdesk.ui.patients.pane import PatientsPane

__all__ = ["PatientsPane"]
