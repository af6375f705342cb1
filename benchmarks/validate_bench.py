"""Benchmark: how long does validating a programme with 1,000 units take?

Generates a programme in a temporary folder from the `regio-noord` test fixture (its unit files cycled under new
ids), then times `load_spec` (YAML loading, model validation and every cross-field check) over several runs.

    python benchmarks/validate_bench.py [--units 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from tendergen.project import load_spec

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "valid" / "regio-noord"


def generate(target: Path, count: int) -> Path:
    """Write a programme with ``count`` units under ``target/specs/bench``; return the programme folder."""
    root = target / "specs" / "bench"
    (root / "units").mkdir(parents=True)
    programme = (FIXTURE / "programme.yaml").read_text(encoding="utf-8").replace("id: regio-noord", "id: bench")
    (root / "programme.yaml").write_text(programme, encoding="utf-8")
    templates = sorted((FIXTURE / "units").glob("*.yaml"))
    for index in range(count):
        source = templates[index % len(templates)]
        new_id = f"{source.stem}-{index:04d}"
        text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        text = _unique_requirement_ids(text, index)
        (root / "units" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return root


def _unique_requirement_ids(text: str, index: int) -> str:
    for prefix in ("Q-JH-",):
        text = text.replace(f"id: {prefix}", f"id: {prefix}{index:04d}-")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), args.units)
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            spec = load_spec(root)
            timings.append(time.perf_counter() - start)
        assert len(spec.units) == args.units
        shutil.rmtree(root)
    print(
        f"validate {args.units} units: median {statistics.median(timings):.3f} s, "
        f"min {min(timings):.3f} s, max {max(timings):.3f} s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
