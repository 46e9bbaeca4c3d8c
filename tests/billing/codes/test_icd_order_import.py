"""Loading a newer ICD-10-CM release from the CMS order file: parsing, refusals, import, staleness, sources."""

from __future__ import annotations

import errno
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icd_release_lib import (
    BUNDLED_CODES,
    NEW_CODES,
    freeze_clock,
    isolate_code_set,
    order_line,
    order_text,
    replace_line,
    write_order_file,
)

from frontdesk.codes import icd10cm
from frontdesk.codes._icd_data import read_release
from frontdesk.codes._icd_order_file import read_order_release
from frontdesk.errors import (
    ConflictError,
    PermissionDenied,
    StorageError,
    ValidationError,
)
from frontdesk.paths import DataPaths
from frontdesk.services.admin import audit
from frontdesk.services.billing import diagnosis_codes
from frontdesk.services.session import ServiceContext


@pytest.fixture(autouse=True)
def resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The bundled index restored after each test; resources/icd10cm a private folder (returned)."""
    return isolate_code_set(monkeypatch, tmp_path)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    return freeze_clock(monkeypatch)


def _refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        read_order_release(path)
    assert caught.value.field == "file"
    return caught.value.message


# -- the order file ---------------------------------------------------------------------------------------
def test_an_order_file_parses_into_the_code_set(tmp_path: Path) -> None:
    raw = read_order_release(write_order_file(tmp_path)).raw
    assert raw.version == "ICD-10-CM FY2027 (CMS order file)" and raw.fiscal_year == 2027
    assert len(raw.codes) == BUNDLED_CODES + len(NEW_CODES)
    assert raw.codes[-1] == "U101" and "U10" not in raw.billable and "U100" in raw.billable
    assert "E119" in raw.billable and "E11" not in raw.billable
    # the long description (col 78-), not the 60-character short one
    assert raw.descriptions["S52521A"] == ("Torus fracture of lower end of right radius, initial encounter for "
                                           "closed fracture")


def test_a_full_size_release_parses_to_the_bundled_set(tmp_path: Path) -> None:
    bundled = read_release()
    lines = [order_line(n, c, "1" if c in bundled.billable else "0", bundled.descriptions[c])
             for n, c in enumerate(bundled.codes, 1)]
    path = tmp_path / "icd10cm_order_2027.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_order_release(path).raw  # its speed: `frontdesk bench` icd10_release_parse
    assert raw.codes == bundled.codes and raw.billable == bundled.billable


def test_the_cms_zip_is_read_and_its_member_names_the_year(tmp_path: Path) -> None:
    archive = tmp_path / "code-descriptions.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Code Descriptions/icd10cm_order_2027.txt", order_text())
        z.writestr("Code Descriptions/icd10cm_codes_2027.txt", "A000 Cholera\r\n")
        # CMS ships the year's changes beside the full file: they are not the release
        z.writestr("Code Descriptions/icd10cm_order_addenda_2027.txt", "Add:  00001 A000 ...\r\n")
        z.writestr("Code Descriptions/icd10OrderFiles.pdf", b"%PDF-1.4")
    release = read_order_release(archive)
    assert release.raw.fiscal_year == 2027 and release.name == "icd10cm_order_2027.txt"
    assert release.text == order_text().encode("utf-8")


def test_a_zip_without_exactly_one_order_file_is_refused(tmp_path: Path) -> None:
    two = tmp_path / "two-2027.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("icd10cm_order_2027.txt", order_text())
        z.writestr("icd10pcs_order_2027.txt", order_text())
    assert "exactly one" in _refusal(two) and "holds 2" in _refusal(two)
    none = tmp_path / "none-2027.zip"
    with zipfile.ZipFile(none, "w") as z:
        z.writestr("icd10cm_codes_2027.txt", "A000 Cholera\r\n")
    assert "holds 0" in _refusal(none)


def test_a_broken_line_is_refused_by_its_number(tmp_path: Path) -> None:
    text = replace_line(order_text(), 1234, "01234 E119 1 Type 2 diabetes")  # not fixed width
    message = _refusal(write_order_file(tmp_path, text=text))
    assert message.startswith("Line 1,234 of icd10cm-order-2027.txt is not an ICD-10-CM order file line")


def test_a_bad_code_an_unordered_or_a_repeated_line_is_refused(tmp_path: Path) -> None:
    bad_code = replace_line(order_text(), 7, order_line(7, "1A2B", "1", "Not a code"))
    assert "Line 7 of" in _refusal(write_order_file(tmp_path / "a", text=bad_code))
    assert "not an ICD-10-CM code" in _refusal(write_order_file(tmp_path / "a", text=bad_code))
    unordered = replace_line(order_text(), 9, order_line(3, "A0100", "1", "Typhoid fever, unspecified"))
    assert "Line 9 of" in _refusal(write_order_file(tmp_path / "b", text=unordered))
    lines = order_text().split("\r\n")
    repeated = "\r\n".join([*lines[:-1], order_line(BUNDLED_CODES + 9, "E119", "1", "Again"), ""])
    assert "E119 appears twice" in _refusal(write_order_file(tmp_path / "c", text=repeated))


def test_a_billable_code_with_subcodes_is_refused(tmp_path: Path) -> None:
    lines = order_text().split("\r\n")
    number = next(i for i, line in enumerate(lines, 1) if line[6:13].rstrip() == "E11")
    text = replace_line(order_text(), number, order_line(number, "E11", "1", "Type 2 diabetes mellitus"))
    message = _refusal(write_order_file(tmp_path, text=text))
    assert f"Line {number:,} of" in message and "E11 is marked billable but has subcodes" in message


def test_a_partial_file_binary_file_or_nameless_year_is_refused(tmp_path: Path) -> None:
    part = "\r\n".join(order_text().split("\r\n")[:1000])
    assert "holds 1,000 codes" in _refusal(write_order_file(tmp_path, text=part))
    binary = tmp_path / "icd10cm-order-2027.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    assert "not a text file" in _refusal(binary)
    assert "does not say its fiscal year" in _refusal(write_order_file(tmp_path, name="icd10cm-order.txt"))
    assert "is a folder" in _refusal(tmp_path)
    assert "Cannot read" in _refusal(tmp_path / "missing-2027.txt")


# -- importing ----------------------------------------------------------------------------------------
def test_import_switches_search_and_status_to_the_new_release(billing_ctx: ServiceContext, admin_ctx, clock,
                                                              data_paths: DataPaths, tmp_path: Path) -> None:
    source = write_order_file(tmp_path / "downloads")
    assert icd10cm.search("zorblax") == []
    status = diagnosis_codes.import_icd10cm_release(billing_ctx, source, data_paths.root)
    assert (status.version, status.fiscal_year, status.source, status.stale) == (
        "ICD-10-CM FY2027 (CMS order file)", 2027, "imported", False)
    assert (status.valid_from, status.valid_through, status.message) == (date(2026, 10, 1), date(2027, 9, 30), "")
    assert [c.display_code for c in icd10cm.search("zorblax")] == ["U10.0", "U10.1", "U10"]
    assert icd10cm.validate_diagnosis("U10.1").description == "Zorblax syndrome, chronic quillfeather type"
    assert diagnosis_codes.code_set_status(billing_ctx) == status
    stored = data_paths.code_sets_dir / "icd10cm-FY2027.txt"
    assert stored.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in data_paths.code_sets_dir.iterdir()) == ["icd10cm-FY2027.txt"]  # no temp file
    events = audit.list_events(admin_ctx, audit.AuditFilter(action="code_set"))
    assert [(e.username, e.action) for e in events] == [("ben", "code_set.imported")]
    assert events[0].detail.startswith("ICD-10-CM FY2027 (CMS order file), 60,003 codes")
    assert "Zorblax" not in events[0].detail  # the version, never the contents


def test_the_code_sets_folder_and_file_are_owner_only(billing_ctx, clock, data_paths: DataPaths,
                                                      tmp_path: Path) -> None:
    """Issue 17 item 4: folders FrontDesk creates in the data folder are 0700, its files 0600 (umask 022)."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        diagnosis_codes.import_icd10cm_release(billing_ctx, write_order_file(tmp_path), data_paths.root)
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE(data_paths.code_sets_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((data_paths.code_sets_dir / "icd10cm-FY2027.txt").stat().st_mode) == 0o600


def test_the_imported_release_is_used_again_after_a_restart(billing_ctx, clock, data_paths: DataPaths,
                                                            tmp_path: Path) -> None:
    diagnosis_codes.import_icd10cm_release(billing_ctx, write_order_file(tmp_path), data_paths.root)
    icd10cm._index = None  # as in a new process
    icd10cm.use_release_folder(None)
    assert icd10cm.current_release().source == "bundled"
    icd10cm.use_release_folder(data_paths.code_sets_dir)
    release = icd10cm.current_release()
    assert (release.source, release.fiscal_year, release.problem) == ("imported", 2027, "")
    assert icd10cm.lookup("U10.0") is not None


@pytest.mark.parametrize("name", ["icd10cm-order-2026.txt", "icd10cm_order_2025.txt"])
def test_a_release_not_newer_than_the_one_in_use_is_refused(billing_ctx, data_paths: DataPaths, tmp_path: Path,
                                                            name: str) -> None:
    with pytest.raises(ConflictError, match="is not newer than the code set in use"):
        diagnosis_codes.import_icd10cm_release(billing_ctx, write_order_file(tmp_path, name), data_paths.root)
    assert not data_paths.code_sets_dir.exists() or not any(data_paths.code_sets_dir.iterdir())
    assert icd10cm.current_release().source == "bundled"


def test_the_same_release_twice_is_refused(billing_ctx, data_paths: DataPaths, tmp_path: Path) -> None:
    source = write_order_file(tmp_path)
    diagnosis_codes.import_icd10cm_release(billing_ctx, source, data_paths.root)
    with pytest.raises(ConflictError, match="FY2027 .* is not newer .*FY2027"):
        diagnosis_codes.import_icd10cm_release(billing_ctx, source, data_paths.root)


def test_front_desk_may_look_but_not_import(frontdesk_ctx, data_paths: DataPaths, tmp_path: Path) -> None:
    assert diagnosis_codes.code_set_status(frontdesk_ctx).source == "bundled"
    with pytest.raises(PermissionDenied):
        diagnosis_codes.import_icd10cm_release(frontdesk_ctx, write_order_file(tmp_path), data_paths.root)
    assert not data_paths.code_sets_dir.exists()


def test_a_failed_write_changes_nothing(billing_ctx, admin_ctx, data_paths: DataPaths, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(_src: object, _dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(diagnosis_codes.os, "replace", full_disk)
    with pytest.raises(StorageError, match="disk is full"):
        diagnosis_codes.import_icd10cm_release(billing_ctx, write_order_file(tmp_path), data_paths.root)
    assert list(data_paths.code_sets_dir.iterdir()) == []  # the staged copy is gone too
    assert audit.list_events(admin_ctx, audit.AuditFilter(action="code_set")) == []  # rolled back
    assert icd10cm.current_release().source == "bundled"


def test_a_malformed_import_changes_nothing(billing_ctx, data_paths: DataPaths, tmp_path: Path) -> None:
    text = replace_line(order_text(), 42, "garbage")
    with pytest.raises(ValidationError, match="Line 42 of") as caught:
        diagnosis_codes.import_icd10cm_release(billing_ctx, write_order_file(tmp_path, text=text), data_paths.root)
    assert caught.value.field == "file"
    assert not data_paths.code_sets_dir.exists()
    assert icd10cm.current_release().source == "bundled"


# -- staleness and sources ------------------------------------------------------------------------------
def test_the_bundled_set_goes_stale_on_october_first(billing_ctx, clock) -> None:
    clock[0] = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)  # still 09/30 in the practice's time zone
    status = diagnosis_codes.code_set_status(billing_ctx)
    assert (status.fiscal_year, status.source, status.stale, status.message) == (2026, "bundled", False, "")
    assert (status.valid_from, status.valid_through) == (date(2025, 10, 1), date(2026, 9, 30))
    clock[0] = datetime(2026, 10, 1, 16, 0, tzinfo=UTC)
    status = diagnosis_codes.code_set_status(billing_ctx)
    assert status.stale
    assert status.message.startswith("Out of date since 10/01/2026: import the FY2027 release from CMS")
    clock[0] = datetime(2028, 1, 5, 16, 0, tzinfo=UTC)  # two years on: ask for the year that covers today
    assert "import the FY2028 release" in diagnosis_codes.code_set_status(billing_ctx).message


@pytest.mark.parametrize("packed", [False, True])
def test_a_release_in_the_resources_folder_wins_over_the_package(resources: Path, billing_ctx, clock,
                                                                 packed: bool) -> None:
    if packed:  # the CMS zip as downloaded: its name has no year, its member has
        resources.mkdir()
        with zipfile.ZipFile(resources / "Code Descriptions.zip", "w") as z:
            z.writestr("icd10cm-order-2027.txt", order_text())
    else:
        write_order_file(resources, "icd10cm-order-2027.txt")
    icd10cm.reload()
    status = diagnosis_codes.code_set_status(billing_ctx)
    assert (status.source, status.fiscal_year, status.stale) == ("resources", 2027, False)


def test_a_damaged_newer_release_falls_back_and_says_why(billing_ctx, data_paths: DataPaths) -> None:
    write_order_file(data_paths.code_sets_dir, "icd10cm-FY2028.txt", text="not an order file\r\n")
    icd10cm.use_release_folder(data_paths.code_sets_dir)
    status = diagnosis_codes.code_set_status(billing_ctx)
    assert (status.source, status.fiscal_year) == ("bundled", 2026)
    assert status.problem.startswith("icd10cm-FY2028.txt (FY2028) could not be used: Line 1 of")
