"""write_atomically: same-folder temp file, fsync of file and folder, explicit mode, nothing left on failure."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from frontdesk.errors import DiskFullError
from frontdesk.storage import atomic
from frontdesk.storage.atomic import render_atomically, write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_bytes_replace_the_old_file(tmp_path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    write_atomically(target, b"new \x00 bytes")
    assert target.read_bytes() == b"new \x00 bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_text_is_encoded_with_the_newline_asked_for(tmp_path) -> None:
    target = tmp_path / "a.csv"
    write_atomically(target, "caf\u00e9,1\r\n", newline="")
    assert target.read_bytes() == "caf\u00e9,1\r\n".encode("utf-8")


def test_a_writer_streams_into_the_file_object(tmp_path) -> None:
    target = tmp_path / "big.bin"

    def writer(handle) -> None:
        for _ in range(64):
            handle.write(b"x" * 1024)

    write_atomically(target, writer)
    assert target.stat().st_size == 64 * 1024


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.usefixtures("umask_022")
def test_the_mode_is_honoured_whatever_the_umask(tmp_path) -> None:
    write_atomically(tmp_path / "secret", b"k")
    assert _mode(tmp_path / "secret") == 0o600
    write_atomically(tmp_path / "shared", b"k", mode=0o664)  # the umask would take the group's write away
    assert _mode(tmp_path / "shared") == 0o664
    render_atomically(tmp_path / "rendered", lambda tmp: tmp.write_bytes(b"pdf"))
    assert _mode(tmp_path / "rendered") == 0o600


def test_a_failing_writer_leaves_the_old_file_and_no_temp(tmp_path) -> None:
    target = tmp_path / "settings.json"
    target.write_bytes(b"old")

    def writer(handle) -> None:
        handle.write(b"half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_atomically(target, writer)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_an_os_error_becomes_a_storage_error_about_what_when_named(tmp_path) -> None:
    target = tmp_path / "k.key"

    def full(handle) -> None:
        raise OSError(errno.ENOSPC, "injected")

    with pytest.raises(DiskFullError, match="could not write the key file"):
        write_atomically(target, full, what="the key file")
    with pytest.raises(OSError):
        write_atomically(target, full)  # no ``what``: the OSError is the caller's
    assert list(tmp_path.iterdir()) == []


def test_a_failing_renderer_leaves_no_temp(tmp_path) -> None:
    target = tmp_path / "report.pdf"

    def render(tmp: Path) -> None:
        tmp.write_bytes(b"%PDF half")
        raise ValueError("layout")

    with pytest.raises(ValueError):
        render_atomically(target, render)
    assert list(tmp_path.iterdir()) == []


def test_a_crash_leftover_temp_does_not_block_the_next_write(tmp_path) -> None:
    target = tmp_path / "a.json"
    (tmp_path / "a.json.tmp").write_bytes(b"left by a crash")
    write_atomically(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


@pytest.mark.skipif(os.name != "posix", reason="folders are fsynced on POSIX only")
def test_the_file_and_then_its_folder_are_fsynced(tmp_path, monkeypatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    write_atomically(tmp_path / "a.bin", b"x")
    assert synced == ["file", "folder"]
    synced.clear()
    render_atomically(tmp_path / "b.pdf", lambda tmp: tmp.write_bytes(b"x"))
    assert synced[-2:] == ["file", "folder"]


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temp(tmp_path, monkeypatch) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def full_disk(_src: object, _dst: object) -> None:
        raise OSError(errno.ENOSPC, "injected")

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    with pytest.raises(DiskFullError, match="the settings"):
        write_atomically(target, b"new", what="the settings")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_staged_then_replaced_in_two_steps(tmp_path) -> None:
    target = tmp_path / "codes.txt"
    staged = atomic.stage_file(target, b"codes", suffix=".partial")
    assert staged == tmp_path / "codes.txt.partial" and not target.exists()
    atomic.replace_durably(staged, target)
    assert target.read_bytes() == b"codes" and not staged.exists()
