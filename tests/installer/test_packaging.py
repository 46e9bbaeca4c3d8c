"""The installer files: the PyInstaller spec, the Linux .desktop entry, the Inno Setup script, icons, CI."""

from __future__ import annotations

import configparser
import importlib.metadata
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import frontdesk
from frontdesk import paths

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"


class _Recorder:
    """Stands in for PyInstaller's build classes: records what the spec passes them."""

    calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, *args: Any, **kwargs: Any) -> SimpleNamespace:
        self.calls.setdefault(self.kind, []).append((args, kwargs))
        if self.kind == "Analysis":
            # What a real analysis would find for the filter to work on (names as PyInstaller writes them).
            binaries = [(name, "/src/" + name, "BINARY") for name in (
                "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
                "PySide6\\Qt\\plugins\\platforms\\qwindows.dll", "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
                "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
                "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "PySide6/Qt/lib/libQt6Network.so.6",
                "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/plugins/styles/libqmodernwindowsstyle.so",
                "libpango-1.0.so.0", "pillow.libs/libharfbuzz-fb49c9fc.so.0.61450.0",
                "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so")]
            return SimpleNamespace(binaries=binaries, datas=list(kwargs["datas"]), scripts=[], pure=[], kwargs=kwargs)
        return SimpleNamespace(args=args, kwargs=kwargs)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """Execute installer/frontdesk.spec as PyInstaller would, with its build steps recorded."""
    pytest.importorskip("PyInstaller", reason="PyInstaller builds the bundle (pip install pyinstaller)")
    _Recorder.calls = {}
    namespace: dict[str, Any] = {"SPECPATH": str(INSTALLER), "__file__": str(INSTALLER / "frontdesk.spec")}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT"):
        namespace[kind] = _Recorder(kind)
    exec(compile((INSTALLER / "frontdesk.spec").read_text(encoding="utf-8"), "frontdesk.spec", "exec"), namespace)
    namespace["calls"] = _Recorder.calls
    return namespace


def test_spec_bundles_migrations_resources_and_the_code_set(spec: dict[str, Any]) -> None:
    (args, kwargs), = spec["calls"]["Analysis"]
    datas = kwargs["datas"]
    assert (str(ROOT / "migrations"), "migrations") in datas
    assert (str(ROOT / "resources"), "resources") in datas
    icd = [Path(src).name for src, dest in datas if dest.replace("\\", "/").startswith("simple_icd_10_cm/data")]
    assert any(name.endswith(".xml") for name in icd) and any(name.endswith(".txt") for name in icd)
    assert any(dest.startswith("frontdesk-") and dest.endswith(".dist-info") for _, dest in datas)  # __version__
    assert any(dest.replace("\\", "/").startswith("reportlab/fonts") for _, dest in datas)
    assert any(dest.replace("\\", "/").startswith("pyx12/map") for _, dest in datas)  # the 835 import validates
    assert kwargs["pathex"] == [str(ROOT / "src")]
    assert Path(args[0][0]).is_file()


def test_spec_names_every_pane_and_the_keyring_backends(spec: dict[str, Any]) -> None:
    from frontdesk.ui.main_window.panes import PANES

    (_, kwargs), = spec["calls"]["Analysis"]
    hidden = set(kwargs["hiddenimports"])
    for pane in PANES:  # imported by name at run time, so the analysis cannot see them
        assert pane.factory.partition(":")[0] in hidden
    assert {"frontdesk.self_check", "frontdesk.cli", "alembic.op", "keyring.backends.SecretService",
            "keyring.backends.Windows", "sqlcipher3", "pypdfium2"} <= hidden


def test_spec_leaves_out_unused_qt(spec: dict[str, Any]) -> None:
    (_, kwargs), = spec["calls"]["Analysis"]
    for module in ("PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtPdf"):
        assert module in kwargs["excludes"]
    used = {m for f in (ROOT / "src").rglob("*.py") for m in re.findall(r"PySide6\.(Qt\w+)", f.read_text("utf-8"))}
    assert not {f"PySide6.{m}" for m in used} & set(kwargs["excludes"])  # never exclude what the app imports


def test_spec_filter_keeps_needed_plugins_and_drops_the_rest(spec: dict[str, Any]) -> None:
    keep = spec["_keep"]
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6\\Qt\\plugins\\platforms\\qwindows.dll")
    assert keep("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    assert keep("PySide6/Qt/plugins/imageformats/libqjpeg.so")
    assert keep("pillow.libs/libharfbuzz-fb49c9fc.so.0.61450.0")  # Pillow's own copy, not GTK's
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqeglfs.so")
    assert not keep("PySide6/Qt/plugins/imageformats/libqpdf.so")
    assert not keep("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so")
    assert not keep("PySide6/Qt/lib/libQt6Network.so.6")
    assert not keep("libpango-1.0.so.0")
    faker_kept = spec["_faker_locale_kept"]
    assert faker_kept("faker.providers.person.en_US".split("."))
    assert faker_kept("faker/providers/person/__init__.py".split("/"))
    assert faker_kept("faker.providers.person".split("."))
    assert faker_kept("faker.providers.color.color".split("."))  # a module, not a locale
    assert faker_kept("faker/providers/isbn/rules.py".split("/"))
    assert not faker_kept("faker.providers.person.de_DE".split("."))
    assert not faker_kept("faker.providers.person.th".split("."))
    assert faker_kept("faker.providers.bank.en_GB".split("."))  # bank's own default locale (no en_US)
    assert not faker_kept("faker/providers/address/fr_FR/__init__.py".split("/"))


def test_spec_builds_one_folder_app_named_frontdesk(spec: dict[str, Any]) -> None:
    (_, collect_kwargs), = [(c[0], c[1]) for c in spec["calls"]["COLLECT"]]
    assert collect_kwargs["name"] == "FrontDesk"
    exe_kwargs = spec["calls"]["EXE"][0][1]
    assert exe_kwargs["name"] == "frontdesk" and exe_kwargs["exclude_binaries"] is True  # one folder, not one file
    assert spec["VERSION"] == frontdesk.__version__


def test_windows_version_resource_names_product_version_and_publisher(spec: dict[str, Any]) -> None:
    pytest.importorskip("PyInstaller.utils.win32.versioninfo", reason="Windows only (pefile, pywin32)",
                        exc_type=ImportError)
    info = spec["windows_version_info"]()
    text = str(info)
    assert "ProductName" in text and "FrontDesk" in text and frontdesk.__version__ in text


def test_bundle_paths_follow_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.bundle_root() == tmp_path
    assert paths.migrations_dir() == tmp_path / "migrations"
    assert paths.resources_dir() == tmp_path / "resources"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert (paths.migrations_dir() / "env.py").is_file()
    assert (paths.resources_dir() / "icons" / "frontdesk.ico").is_file()


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(INSTALLER / "frontdesk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_is_valid() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "FrontDesk"
    assert entry["Exec"] == "frontdesk" and entry["Icon"] == "frontdesk" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert entry["X-FrontDesk-Version"] == frontdesk.__version__
    validator = shutil.which("desktop-file-validate")
    if validator:
        done = subprocess.run([validator, str(INSTALLER / "frontdesk.desktop")], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (INSTALLER / "frontdesk.iss").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def test_inno_setup_installs_per_machine_with_shortcuts_and_uninstaller() -> None:
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "admin"  # per machine
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert setup["Uninstallable"] == "yes" and "UninstallDisplayIcon" in setup
    assert setup["AppVersion"] == "{#AppVersion}" and setup["AppPublisher"] == "{#AppPublisher}"
    assert (INSTALLER / setup["SetupIconFile"].replace("\\", "/")).resolve() == ICONS / "frontdesk.ico"
    icons = sections["Icons"]
    assert any(line.startswith('Name: "{autoprograms}') for line in icons)  # Start menu
    assert any(line.startswith('Name: "{autodesktop}') for line in icons)  # desktop
    assert 'Source: "..\\dist\\FrontDesk\\*"' in sections["Files"][0]


def test_inno_setup_never_deletes_the_practice_data() -> None:
    sections = _iss_sections()
    assert "UninstallDelete" not in sections and "UninstallRun" not in sections
    assert "Code" not in sections  # no script could delete anything behind the listed sections' back
    for line in sections.get("InstallDelete", []):
        name = re.search(r'Name: "([^"]+)"', line)
        assert name and name.group(1).startswith("{app}\\"), line  # only the program's own folder
    text = (INSTALLER / "frontdesk.iss").read_text(encoding="utf-8")
    assert "{localappdata}" not in text and "{userappdata}" not in text and "{commonappdata}" not in text


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_icons_exist_in_every_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(ICONS / f"frontdesk-{size}.png") == (size, size)
    ico = (ICONS / "frontdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    widths = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= widths
    assert "<svg" in (ICONS / "frontdesk.svg").read_text(encoding="utf-8")


def test_committed_svg_is_what_the_icon_script_draws() -> None:
    pytest.importorskip("PIL", reason="the icon script draws with Pillow")
    sys.path.insert(0, str(INSTALLER))
    try:
        import make_icon
    finally:
        sys.path.remove(str(INSTALLER))
    assert make_icon.svg() == (ICONS / "frontdesk.svg").read_text(encoding="utf-8")


def test_about_box_shows_the_package_version(tmp_path: Path) -> None:
    from frontdesk.ui.about import about_text

    assert frontdesk.__version__ == importlib.metadata.version("frontdesk")
    assert f"FrontDesk {frontdesk.__version__}" in about_text(paths.DataPaths(tmp_path))


def test_ci_builds_the_bundle_after_the_tests_and_runs_its_self_check() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests_at = script.index("python3 dev.py test")
    build_at = script.index("installer/build-linux")
    check_at = script.index("dist/FrontDesk/frontdesk --self-check")
    assert tests_at < build_at < check_at
    assert "QT_QPA_PLATFORM=offscreen" in script[:tests_at]  # exported before, so it holds for the self-check too
