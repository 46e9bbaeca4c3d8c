"""dev.py finds the system libraries Qt's platform plugin lacks (from ldd on the plugin), installs them as
root with apt-get or names the one command to run, and the README's Linux list agrees with the plugin."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007f951a1f3000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f951a125000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f951a108000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibX11-xcb.so.1 => /lib/x86_64-linux-gnu/libX11-xcb.so.1 (0x00007f951953a000)
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f951a1f5000)
"""


def _load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("frontdesk_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = _load_dev()


def test_ldd_output_gives_the_missing_sonames_once_each_in_order() -> None:
    assert dev.missing_sonames(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    linked = dev.linked_libraries(LDD_OUTPUT)
    assert linked["libxcb-cursor.so.0"] == "/lib/x86_64-linux-gnu/libxcb-cursor.so.0"
    assert "linux-vdso.so.1" not in linked and "/lib64/ld-linux-x86-64.so.2" not in linked


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),  # a name ending in a digit gets a hyphen
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libEGL.so.1", "libegl1"),
    ("libgcc_s.so.1", "libgcc-s1"),
    ("libglib-2.0.so.0", "libglib2.0-0"),  # one of the few named otherwise
    ("libz.so.1", "zlib1g"),
])
def test_a_soname_maps_to_its_debian_package(soname: str, package: str) -> None:
    assert dev.package_for(soname) == package


def test_packages_are_checked_with_apt_and_the_t64_spelling_is_tried() -> None:
    known = {"libxcb-icccm4", "libglib2.0-0t64"}
    packages, unknown = dev.resolve_packages(
        ["libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libnowhere.so.7"], known.__contains__)
    assert packages == ["libxcb-icccm4", "libglib2.0-0t64"]
    assert unknown == ["libnowhere.so.7"]


class FakeSystem:
    """ldd, apt-cache and apt-get as dev.py calls them; apt-get install makes the libraries appear."""

    def __init__(self, *, known: set[str], has_apt: bool = True) -> None:
        self.known = known
        self.has_apt = has_apt
        self.installed: list[str] = []
        self.calls: list[list[str]] = []

    def run(self, args: list[str], **_: object) -> SimpleNamespace:
        self.calls.append(list(args))
        if args[0] == "ldd":
            lines = [line for line in LDD_OUTPUT.splitlines()
                     if not any(dev.package_for(line.split()[0]) == p for p in self.installed)]
            return SimpleNamespace(returncode=0, stdout="\n".join(lines), stderr="")
        if args[0] == "apt-cache":
            name = args[-1]
            return SimpleNamespace(returncode=0 if name in self.known else 100,
                                   stdout=f"Package: {name}\n" if name in self.known else "", stderr="")
        if args[:2] == ["apt-get", "install"]:
            self.installed.extend(a for a in args[2:] if not a.startswith("-"))
            return SimpleNamespace(returncode=0, stdout="", stderr="")
        raise AssertionError(f"unexpected command {args}")

    def which(self, name: str) -> str | None:
        return None if name == "apt-get" and not self.has_apt else f"/usr/bin/{name}"


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    path = tmp_path / "libqxcb.so"
    path.write_bytes(b"\x7fELF")
    return path


def _fake(monkeypatch: pytest.MonkeyPatch, plugin: Path, system: FakeSystem) -> None:
    monkeypatch.setattr(dev, "qt_plugin", lambda py, platform: plugin)
    monkeypatch.setattr(dev.subprocess, "run", system.run)
    monkeypatch.setattr(dev.shutil, "which", system.which)


KNOWN = {"libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"}


def test_without_root_it_stops_with_one_line_naming_the_command(monkeypatch: pytest.MonkeyPatch, plugin: Path) -> None:
    system = FakeSystem(known=KNOWN)
    _fake(monkeypatch, plugin, system)
    problem = dev.ensure_qt_libs(Path("py"), "xcb", again="python3 dev.py demo", is_root=False)
    assert problem is not None and "\n" not in problem
    assert "Run: sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0  then run python3 dev.py demo again." in problem
    assert not system.installed


def test_a_library_apt_does_not_know_is_named_by_its_soname(monkeypatch: pytest.MonkeyPatch, plugin: Path) -> None:
    _fake(monkeypatch, plugin, FakeSystem(known={"libxcb-icccm4"}))
    problem = dev.ensure_qt_libs(Path("py"), "xcb", is_root=False)
    assert problem is not None
    assert ("sudo apt-get install libxcb-icccm4 (and install the packages that provide libxcb-keysyms.so.1, "
            "libxkbcommon-x11.so.0)") in problem


def test_without_apt_it_names_the_missing_libraries(monkeypatch: pytest.MonkeyPatch, plugin: Path) -> None:
    _fake(monkeypatch, plugin, FakeSystem(known=KNOWN, has_apt=False))
    problem = dev.ensure_qt_libs(Path("py"), "xcb", is_root=True)
    assert problem is not None and "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxkbcommon-x11.so.0" in problem
    assert "package manager" in problem


def test_as_root_with_apt_it_installs_them_and_says_so(monkeypatch: pytest.MonkeyPatch, plugin: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    system = FakeSystem(known=KNOWN)
    _fake(monkeypatch, plugin, system)
    assert dev.ensure_qt_libs(Path("py"), "xcb", is_root=True) is None
    assert system.installed == ["libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"]
    installs = [call for call in system.calls if call[:2] == ["apt-get", "install"]]
    assert len(installs) == 1 and "-y" in installs[0]
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["Installing the system libraries Qt needs: libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 (apt-get) ..."]


def test_nothing_missing_means_nothing_run_but_ldd(monkeypatch: pytest.MonkeyPatch, plugin: Path) -> None:
    system = FakeSystem(known=KNOWN)
    system.installed = ["libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"]
    _fake(monkeypatch, plugin, system)
    assert dev.ensure_qt_libs(Path("py"), "xcb", is_root=False) is None
    assert [call[0] for call in system.calls] == ["ldd"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's platform plugins are checked on Linux")
@pytest.mark.parametrize(("command", "rest", "environ", "platform"), [
    ("demo", [], {}, "xcb"),
    ("demo", [], {"QT_QPA_PLATFORM": "wayland;xcb"}, "xcb"),
    ("demo", [], {"QT_QPA_PLATFORM": "offscreen"}, None),
    ("demo", ["--no-gui"], {}, None),
    ("test", [], {}, "offscreen"),
    ("test", [], {"QT_QPA_PLATFORM": "xcb"}, "xcb"),
    ("setup", [], {}, None),
])
def test_each_command_checks_the_plugin_it_will_load(command: str, rest: list[str], environ: dict[str, str],
                                                     platform: str | None) -> None:
    assert dev.qt_platform_needed(command, rest, environ) == platform


# --- the README's Linux list and the plugin agree ------------------------------------------------------------

X11_STACK = re.compile(r"^lib(xcb|X11|xkbcommon)")


def _readme_packages() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("**System requirements.**"):]
    paragraph = paragraph[:paragraph.index("\n\n")]
    return set(re.findall(r"`(lib[a-z0-9.+-]+)`", paragraph))


def _plugin_ldd() -> dict[str, str | None]:
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        pytest.skip("ldd on Qt's xcb plugin: Linux only")
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    bundle = Path(list(spec.submodule_search_locations)[0])
    plugin = bundle / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    linked = dev.linked_libraries(subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                                                 check=True).stdout)
    assert linked, "ldd listed nothing for the xcb plugin"
    # Qt's own libraries ship inside PySide6; only the system's count.
    return {soname: path for soname, path in linked.items() if path is None or str(bundle) not in path}


def test_the_readme_lists_every_x11_library_the_plugin_links_and_every_one_missing_here() -> None:
    system = _plugin_ldd()
    listed = _readme_packages()
    needed = {dev.package_for(soname) for soname, path in system.items() if path is None or X11_STACK.match(soname)}
    assert {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"} <= needed  # what a fresh desktop lacked
    assert needed - listed == set()


def test_every_library_the_readme_lists_is_one_the_plugin_links() -> None:
    linked = {dev.package_for(soname) for soname in _plugin_ldd()}
    assert _readme_packages() - linked == set()


def test_the_naming_rule_matches_the_packages_installed_here() -> None:
    """dpkg knows which package owns each library ldd found: the rule must name the same one."""
    if shutil.which("dpkg") is None:
        pytest.skip("not a Debian-based system")
    found = {soname: path for soname, path in _plugin_ldd().items() if path is not None}
    # dpkg records /usr/lib/... on merged-/usr systems where ldd may say /lib/...: ask for both spellings.
    paths = sorted({*found.values(), *(f"/usr{path}" for path in found.values() if path.startswith("/lib"))})
    owners = subprocess.run(["dpkg", "-S", *paths], capture_output=True, text=True).stdout
    owned: dict[str, str] = {}
    for line in owners.splitlines():
        package, _, path = line.partition(": ")
        owned.setdefault(Path(path).name, package.split(":")[0].split(",")[0])
    checked = {soname: owned[soname] for soname in found if soname in owned}
    assert len(checked) >= 10, owners
    wrong = {soname: (dev.package_for(soname), owner) for soname, owner in checked.items()
             if owner not in (dev.package_for(soname), dev.package_for(soname) + "t64")}
    assert wrong == {}
