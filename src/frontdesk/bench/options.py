"""Command-line options of `frontdesk bench` (kept light: parsed before anything heavy loads)."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--patients", type=int, default=100_000, help="patients in the synthetic practice")
    p.add_argument("--repeats", type=int, default=20, help="timed runs per case")
    p.add_argument("--quick", action="store_true",
                   help="tiny practice, at most 3 repeats (fewer with --repeats; CI keeps the harness working)")
    p.add_argument("--bench-dir", metavar="DIR", help="reuse a synthetic practice here (created if empty)")
    p.add_argument("--json", metavar="FILE", default="bench-results.json", help="where to write the JSON results")
    p.add_argument("--appointments", type=int, default=1_000_000, help="past appointments in the synthetic calendar")
    p.add_argument("--backup-mb", type=int, default=1024,
                   help="grow the database to about this size (MB) for the backup case")
    p.add_argument("--claims", type=int, default=300_000, help="claims (with ~5 charges each) in the synthetic billing")
    p.add_argument("--payments", type=int, default=1_000_000, help="patient payments in the synthetic billing")
    p.add_argument("--claim-batch", type=int, default=500, help="claims per print / 837P batch case")
    p.add_argument("--no-gui", action="store_true", help="skip the cases that need Qt")
    p.add_argument("--pg-url", metavar="URL",
                   help="server mode: a database on a PostgreSQL 16+ server (postgresql+psycopg://user@host/db) whose "
                        "user may create databases; adds the refresh-latency case between two workstations")
    p.add_argument("--server", action="store_true",
                   help="run only the server-mode cases: the practice copied to a throwaway PostgreSQL on loopback, "
                        "search and booking against SQLite, then simulated workstations")
    p.add_argument("--workstations", type=int, default=5, help="simulated workstations for --server (0: none)")
    p.add_argument("--workstation-seconds", type=float, default=600, help="how long they work (--server)")
    p.add_argument("--workstation-pause", type=float, default=2.0,
                   help="seconds between one workstation's actions, jittered (--server; a busy day is about 2)")
