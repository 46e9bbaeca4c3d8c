"""`frontdesk server check`'s disk-encryption lookup and pg_hba reading, without a server.

The block-device lookup is injected and /sys/class/block is a folder made here, laid out as the kernel
lays it out: a LUKS device (dm/uuid "CRYPT-..."), LVM on top of it, a plain partition.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from frontdesk.storage import pg_check
from frontdesk.storage.pg_tls import _first_method

DATA = Path("/var/lib/postgresql/16/main")


@pytest.fixture
def sys_block(tmp_path: Path) -> Path:
    root = tmp_path / "block"
    for name, uuid, below in (("dm-0", "CRYPT-LUKS2-3f1e-luks-root", ["sda3"]),
                              ("dm-1", "LVM-Kx9dataLV", ["dm-0"]),  # LVM on LUKS
                              ("dm-2", "LVM-Kx9span", ["dm-0", "sdb1"]),  # a volume group half on a plain disk
                              ("sda3", None, []), ("sdb1", None, [])):
        device = root / name
        (device / "slaves").mkdir(parents=True)
        for other in below:
            (device / "slaves" / other).mkdir()
        if uuid:
            (device / "dm").mkdir()
            (device / "dm" / "uuid").write_text(uuid + "\n")
    return root


@pytest.mark.parametrize("device, encrypted", [("dm-0", True), ("dm-1", True), ("dm-2", False),
                                               ("sdb1", False)])
def test_a_crypt_device_under_the_data_directory_is_found(sys_block, device, encrypted) -> None:  # type: ignore[no-untyped-def]
    finding = pg_check.linux_volume(DATA, device_of=lambda path: device, sys_block=sys_block)
    assert finding.ok is encrypted
    assert (("encrypted volume" in finding.text) if encrypted else ("NOT encrypted" in finding.text))
    assert device in finding.text


def test_an_unknown_device_is_a_problem_not_a_pass(sys_block) -> None:  # type: ignore[no-untyped-def]
    finding = pg_check.linux_volume(DATA, device_of=lambda path: None, sys_block=sys_block)
    assert not finding.ok and "Could not tell" in finding.text


def test_the_mount_source_is_the_longest_mount_point(tmp_path: Path) -> None:
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text("22 1 253:1 / / rw - ext4 /dev/mapper/vg-root rw\n"
                         "30 22 253:3 / /var/lib/postgresql rw - ext4 /dev/mapper/vg-pg rw\n"
                         "31 22 0:5 / /var/lib/postgresql-other rw - tmpfs tmpfs rw\n")
    assert pg_check._mount_source(Path("/var/lib/postgresql/16/main"), mountinfo) == "/dev/mapper/vg-pg"
    assert pg_check._mount_source(Path("/var/lib/postgresql-other/x"), mountinfo) == "tmpfs"
    assert pg_check._mount_source(Path("/etc"), mountinfo) == "/dev/mapper/vg-root"


def _bde(stdout: str, returncode: int = 0):  # type: ignore[no-untyped-def]
    def run(args, **kwargs):  # type: ignore[no-untyped-def]
        assert args == ["manage-bde", "-status", "C:"]
        return subprocess.CompletedProcess(args, returncode, stdout, "")
    return run


ON = ("Volume C: [OS]\n    Conversion Status:    Fully Encrypted\n    Percentage Encrypted: 100.0%\n"
      "    Protection Status:    Protection On\n")


def test_bitlocker_status_is_read_from_manage_bde() -> None:
    path = Path("C:/Program Files/PostgreSQL/16/data")
    assert pg_check.windows_volume(path, run=_bde(ON)).ok
    off = pg_check.windows_volume(path, run=_bde(ON.replace("Protection On", "Protection Off")))
    assert not off.ok and "NOT protected by BitLocker" in off.text
    assert not pg_check.windows_volume(path, run=_bde("", returncode=1)).ok
    assert not pg_check.volume_finding(path, platform="darwin").ok


def test_pg_hba_rules_are_read_first_match_wins() -> None:
    ours = [("hostssl", ["frontdesk"], ["frontdesk_app", "frontdesk_enrol"], "scram-sha-256"),
            ("hostnossl", ["frontdesk"], ["all"], "reject")]
    debian = [("local", ["all"], ["postgres"], "peer"), ("host", ["all"], ["all"], "scram-sha-256"),
              ("host", ["all"], ["all"], "md5")]
    for role in ("frontdesk_app", "frontdesk_enrol"):
        assert _first_method(ours + debian, "frontdesk", role, tls=True) == "scram-sha-256"
        assert _first_method(ours + debian, "frontdesk", role, tls=False) == "reject"
        assert _first_method(debian, "frontdesk", role, tls=False) == "scram-sha-256"  # TLS not required
    trust_first = [("host", ["all"], ["all"], "trust"), *ours]
    assert _first_method(trust_first, "frontdesk", "frontdesk_app", tls=True) == "trust"
