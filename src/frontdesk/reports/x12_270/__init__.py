"""X12 270/271 (005010X279A1) eligibility files: the 270 inquiry writer and the 271 response reader."""

from frontdesk.reports.x12_270.pyx12_maps import validate_eligibility_file
from frontdesk.reports.x12_270.reader import Not271Error, Rejection, Reply, Response, parse_271
from frontdesk.reports.x12_270.writer import Inquiry, Person, Receiver, render_270, write_270

__all__ = ["Inquiry", "Not271Error", "Person", "Receiver", "Rejection", "Reply", "Response", "parse_271",
           "render_270", "validate_eligibility_file", "write_270"]
