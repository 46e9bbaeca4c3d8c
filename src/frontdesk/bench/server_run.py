"""``frontdesk bench --server``: the server-mode cases on their own (bench/server_cases.py, workstations.py)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from frontdesk.bench.harness import format_table, write_json
from frontdesk.bench.pg_throwaway import LoopbackServer
from frontdesk.bench.server_cases import run_server_compare, server_copy
from frontdesk.bench.workstations import run_workstations
from frontdesk.demo.build import DEMO_PASSWORD, DEMO_USERNAME
from frontdesk.storage.engine import Database


def run_server_cases(args: argparse.Namespace, db: Database, actor, patients: int,  # type: ignore[no-untyped-def]
                     repeats: int) -> int:
    """Start a throwaway server, copy the practice into it, compare with SQLite, run the workstations."""
    server = LoopbackServer.start()
    try:
        from sqlalchemy import create_engine

        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE fd_bench")
        admin.dispose()
        url = server.url("fd_bench")
        server_db, rows, seconds = server_copy(db, url)
        print(f"copied {rows:,} rows into PostgreSQL on 127.0.0.1:{server.port} in {seconds:.1f} s")
        try:
            results = run_server_compare(db, server_db, actor, repeats * 8)
        finally:
            server_db.close()
        if args.workstations > 0:  # 0: only search and booking against SQLite
            started = time.perf_counter()
            results += run_workstations(url, db.key, DEMO_USERNAME, DEMO_PASSWORD, workstations=args.workstations,
                                        seconds=args.workstation_seconds, pause=args.workstation_pause)
            print(f"workstations ran {time.perf_counter() - started:.0f} s")
    finally:
        db.close()
        server.stop()
    print(format_table(results))
    write_json(Path(args.json), results, {"patients": patients, "repeats": repeats, "server": True,
                                          "workstations": args.workstations,
                                          "workstation_seconds": args.workstation_seconds,
                                          "workstation_pause": args.workstation_pause})
    print(f"results written to {args.json}")
    for r in results:
        if r.extra:
            print(f"{r.name}: " + ", ".join(f"{k} {v:g}" for k, v in r.extra.items()))
    missed = [r.name for r in results if r.meets_target is False]
    if missed:
        print("missed targets: " + ", ".join(missed))
    return 0
