"""Timing harness: repeated runs, median and p95, a baseline for every case, table and JSON out."""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class CaseResult:
    name: str
    measures: str
    median_ms: float
    p95_ms: float
    baseline_name: str
    baseline_median_ms: float
    ratio: float
    target_ms: float | None
    runs: int
    meets_target: bool | None
    extra: dict[str, float] = field(default_factory=dict)


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_calls(fn: Callable[[], object], repeats: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call of ``fn`` over ``repeats`` runs after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def runs_of(repeats: int, share: int, floor: int = 3) -> int:
    """Timed runs for a case costlier than most: ``repeats // share``, at least ``floor`` so its median means
    something, but never more than the repeats asked for (``--quick --repeats 1``, the smoke test's setting:
    every case runs once, which is all a check that the harness still works needs)."""
    return max(min(floor, repeats), repeats // share)


def result(name: str, measures: str, samples: list[float], baseline_name: str, baseline: list[float],
           target_ms: float | None, extra: dict[str, float] | None = None) -> CaseResult:
    med = statistics.median(samples)
    base = statistics.median(baseline) if baseline else float("nan")
    p95 = percentile(samples, 95)
    return CaseResult(name, measures, round(med, 4), round(p95, 4), baseline_name, round(base, 4),
                      round(med / base, 2) if base and base == base else float("nan"), target_ms, len(samples),
                      None if target_ms is None else p95 <= target_ms, extra or {})


def machine_description() -> dict[str, str]:
    import os

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def format_table(results: list[CaseResult]) -> str:
    header = ("case", "median ms", "p95 ms", "baseline", "base ms", "ratio", "target ms", "ok")
    rows = [header]
    for r in results:
        ok = "-" if r.meets_target is None else ("yes" if r.meets_target else "NO")
        rows.append((r.name, f"{r.median_ms:.2f}", f"{r.p95_ms:.2f}", r.baseline_name, f"{r.baseline_median_ms:.2f}",
                     f"{r.ratio:.2f}", "-" if r.target_ms is None else f"{r.target_ms:g}", ok))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(path: Path, results: list[CaseResult], settings: dict[str, object]) -> None:
    doc = {"machine": machine_description(), "settings": settings, "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
