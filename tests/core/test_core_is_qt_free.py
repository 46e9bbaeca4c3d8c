"""The core (everything outside frontdesk.ui) imports with Qt made impossible to import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0].startswith(("PySide6", "shiboken6", "PyQt")):
                raise ImportError(f"Qt is blocked in the core: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    import frontdesk

    # pkgutil.walk_packages imports each package to look inside it, which would import frontdesk.ui
    # itself; walk by hand so the GUI package is never entered.
    imported = []
    def walk(package):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if info.name.startswith("frontdesk.ui") or info.name == "frontdesk.__main__":
                continue  # the GUI, and the entry point that would run the CLI
            module = importlib.import_module(info.name)
            imported.append(info.name)
            if info.ispkg:
                walk(module)

    walk(frontdesk)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    assert not leaked, leaked
    print(len(imported))
    print("\\n".join(imported))
""")


def test_every_core_module_imports_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    count, *names = done.stdout.split()
    assert int(count) == len(names) >= 25
    assert {"frontdesk.storage.engine", "frontdesk.services.patients.patients", "frontdesk.cli", "frontdesk.services.admin.checks",
            "frontdesk.first_run"} <= set(names)
    assert not any(n.startswith("frontdesk.ui") for n in names)


def test_the_blocker_really_blocks_qt() -> None:
    # guard against a finder that blocks nothing: importing a UI module must fail under it
    probe = SCRIPT.split("import frontdesk\n")[0] + "import frontdesk.ui.runner\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert "Qt is blocked in the core" in done.stderr
