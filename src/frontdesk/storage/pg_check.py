"""`frontdesk server check`: is this practice server safe? Encryption at rest, TLS, scram, least privilege.

PostgreSQL does not encrypt its files, so the data directory must sit on an encrypted volume: on Linux a
dm-crypt (LUKS) device somewhere under the file system's block device (``dm/uuid`` starting ``CRYPT-``,
through LVM or RAID layers: ``slaves/``); on Windows a BitLocker volume (``manage-bde -status``). Run it
on the server itself: the data directory is looked up on this computer. Anything that cannot be verified
counts as unsafe, so the exit status says "check this" rather than stay quiet.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography import x509

from frontdesk.domain.schedule_time import utc_now
from frontdesk.storage.pg_engine import MIN_SERVER_VERSION
from frontdesk.storage.pg_grants import privilege_problems
from frontdesk.storage.pg_superuser import DEFAULT_DATABASE, superuser_connect
from frontdesk.storage.pg_tls import tls_problems

SYS_BLOCK = Path("/sys/class/block")
CERT_WARN_DAYS = 90


@dataclass(frozen=True)
class Finding:
    """One line of the report: ``ok`` False is a problem (the exit status is non-zero); a ``note`` is advice."""

    ok: bool
    text: str
    note: bool = False

    @property
    def label(self) -> str:
        return "WARNING" if not self.ok else ("note" if self.note else "ok")


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]

    @property
    def safe(self) -> bool:
        return all(finding.ok for finding in self.findings)


def _mount_source(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> str | None:
    """The device a path's file system is mounted from (``/dev/mapper/x``), longest mount point first."""
    best: tuple[int, str] | None = None
    resolved = str(path.resolve())
    for line in mountinfo.read_text().splitlines():
        fields = line.split()
        mount_point = fields[4].replace("\\040", " ")
        source = fields[fields.index("-") + 2]
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), source)
    return best[1] if best else None


def block_device_of(path: Path) -> str | None:
    """The kernel name of the block device holding ``path`` (``dm-0``, ``nvme0n1p2``), or None."""
    source = _mount_source(path)
    if not source or not source.startswith("/dev/"):
        return None
    return Path(os.path.realpath(source)).name


def _encrypted_below(name: str, sys_block: Path, seen: set[str]) -> bool:
    if name in seen:
        return False
    seen.add(name)
    device = sys_block / name
    uuid = device / "dm" / "uuid"
    if uuid.is_file() and uuid.read_text().strip().startswith("CRYPT-"):
        return True
    slaves = device / "slaves"  # the devices this one is built on: LVM on LUKS, RAID on LUKS...
    below = [p.name for p in slaves.iterdir()] if slaves.is_dir() else []
    # every device under it must be encrypted: a volume group spanning a plain disk is not
    return bool(below) and all(_encrypted_below(other, sys_block, seen) for other in below)


def linux_volume(path: Path, *, device_of: Callable[[Path], str | None] = block_device_of,
                 sys_block: Path = SYS_BLOCK) -> Finding:
    """Whether ``path`` sits on a dm-crypt device (directly or under LVM/RAID layers)."""
    name = device_of(path)
    if name is None:
        return Finding(False, f"Could not tell which disk holds {path}: check by hand that it is encrypted "
                              "(LUKS).")
    if _encrypted_below(name, sys_block, set()):
        return Finding(True, f"The data directory {path} is on an encrypted volume ({name}, dm-crypt).")
    return Finding(False, f"The data directory {path} is on {name}, which is NOT encrypted: anyone who takes the "
                          "disk can read every patient record. Move the data directory to a LUKS volume.")


def windows_volume(path: Path, *, run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> Finding:
    """Whether ``path``'s drive is protected by BitLocker (``manage-bde -status X:``, run as administrator)."""
    drive = str(path)[:2]
    try:
        done = run(["manage-bde", "-status", drive], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        done = None
    out = done.stdout if done is not None else ""
    if done is None or done.returncode != 0 or "Protection Status" not in out:
        return Finding(False, f"Could not ask BitLocker about drive {drive} (run this as administrator): check by "
                              "hand that it is encrypted.")
    if re.search(r"Protection Status:\s*Protection On", out) and re.search(r"Conversion Status:\s*Fully Encrypted",
                                                                            out):
        return Finding(True, f"The data directory {path} is on drive {drive}, encrypted by BitLocker.")
    return Finding(False, f"Drive {drive}, which holds the data directory {path}, is NOT protected by BitLocker: "
                          "anyone who takes the disk can read every patient record. Turn BitLocker on.")


def volume_finding(path: Path, *, platform: str = sys.platform, device_of: Callable[[Path], str | None] =
                   block_device_of, sys_block: Path = SYS_BLOCK,
                   run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> Finding:
    if platform.startswith("win"):
        return windows_volume(path, run=run)
    if platform.startswith("linux"):
        if not path.parent.exists():
            return Finding(False, f"The data directory {path} is not on this computer: run `frontdesk server "
                                  "check` on the server itself.")
        return linux_volume(path, device_of=device_of, sys_block=sys_block)
    return Finding(False, f"FrontDesk cannot check disk encryption on {platform}: check by hand that {path} is on "
                          "an encrypted volume.")


def _certificate_finding(conn) -> Finding | None:  # type: ignore[no-untyped-def]
    row = conn.execute("SELECT pg_read_binary_file(current_setting('ssl_cert_file'))").fetchone()
    try:
        cert = x509.load_pem_x509_certificate(bytes(row[0]))
    except ValueError:
        return Finding(False, "The server's TLS certificate file could not be read.")
    left = cert.not_valid_after_utc - utc_now()
    if left < timedelta(days=CERT_WARN_DAYS):
        return Finding(False, f"The practice certificate expires in {max(left.days, 0)} days.")
    return None


def check_server(superuser_url: str, *, database: str = DEFAULT_DATABASE, password: str | None = None,
                 volume: Callable[[Path], Finding] | None = None,
                 min_version: int = MIN_SERVER_VERSION) -> CheckReport:
    """Every check, as findings (problems first); connects as the superuser to the practice database.

    ``volume`` looks at the data directory's disk (default ``volume_finding``); ``min_version`` is for the
    tests on PostgreSQL 15, as in setup."""
    findings: list[Finding] = []
    with superuser_connect(superuser_url, database, password) as conn:
        number = int(conn.execute("SHOW server_version_num").fetchone()[0])
        if number < min_version * 10000:
            findings.append(Finding(False, f"PostgreSQL {number // 10000} is older than FrontDesk supports "
                                           f"({min_version})."))
        data_dir = Path(conn.execute("SHOW data_directory").fetchone()[0])
        findings.append((volume or volume_finding)(data_dir))
        tls = tls_problems(conn, database)
        findings.extend(Finding(False, text) for text in tls)
        if not tls:
            findings.append(Finding(True, "TLS is on and the FrontDesk roles sign in over TLS with scram-sha-256 "
                                          "only."))
            expiring = _certificate_finding(conn)
            if expiring:
                findings.append(expiring)
        privileges = privilege_problems(conn, database)
        findings.extend(Finding(False, text) for text in privileges)
        if not privileges:
            findings.append(Finding(True, "frontdesk_app cannot change the schema, nor edit or delete the audit "
                                          "trail or posted money; frontdesk_enrol can only redeem codes."))
        listen = conn.execute("SHOW listen_addresses").fetchone()[0]
        if listen in ("", "localhost", "127.0.0.1", "::1"):
            findings.append(Finding(True, f"listen_addresses = '{listen}': workstations cannot reach this server "
                                          "until it listens on the network (README, Server mode).", note=True))
    return CheckReport(tuple(sorted(findings, key=lambda f: f.ok)))
