"""A longer fuzz run than CI's: mutated example programmes, schedules and Q&A files through the public API.

Runs ``tests/test_fuzz.py`` under the hypothesis profile ``long`` with a fresh random seed and prints hypothesis'
statistics (cases run per programme, failures). Every case must end in success or located errors.

    .venv/bin/python scripts/fuzz.py --examples 1000     # per programme and test: 4 + 2 tests

Exit code: pytest's (0 when every case passed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="cases per programme and test (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    args = parser.parse_args()
    env = {**os.environ, "TENDERGEN_FUZZ_PROFILE": "long", "TENDERGEN_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"]
    command += ["--hypothesis-show-statistics"]
    if args.seed is not None:
        command.append(f"--hypothesis-seed={args.seed}")
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
