"""Domain rules with no storage or UI: identifiers, text hygiene, roles, formats."""
