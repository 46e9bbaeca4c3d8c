"""Tests that run side by side (pytest-xdist workers, other people's runs) share no file: nothing is written
to a fixed /tmp path, which another worker would overwrite mid-test. Pictures for a person to look at go
through ``testsupport.screenshot_path``, everything else into ``tmp_path``. This file reads every test's
source (with ``ast``) and names the offending lines."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve()


def fixed_tmp_paths(source: str) -> list[int]:
    """Line numbers of string literals and f-strings that start with /tmp."""
    found: list[int] = []
    for node in ast.walk(ast.parse(source)):
        first = node.values[0] if isinstance(node, ast.JoinedStr) and node.values else node
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/tmp"):
            found.append(node.lineno)
    return sorted(set(found))


def test_the_check_finds_literal_and_formatted_tmp_paths() -> None:
    source = 'a = "/tmp/x.png"\nb = f"/tmp/cal-{name}.png"\nc = "saved to /tmp for a look"\nd = tmp_path / "x"\n'
    assert fixed_tmp_paths(source) == [1, 2]


def test_no_test_writes_to_a_fixed_tmp_path() -> None:
    offenders = [f"{path.relative_to(TESTS)}:{line}" for path in sorted(TESTS.rglob("*.py")) if path != THIS
                 for line in fixed_tmp_paths(path.read_text(encoding="utf-8"))]
    assert not offenders, f"use testsupport.screenshot_path or tmp_path instead: {offenders}"
