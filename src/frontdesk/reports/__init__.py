"""Printable documents (PDF, written with reportlab); Qt-free like the rest of the core."""
