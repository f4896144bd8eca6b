"""`make bench`: every benchmark of the project, one after the other, each printing its figures and
its ratio against a baseline measured in the same run.

    python benchmarks/run.py            # all, full sizes
    python benchmarks/run.py --quick    # smaller sizes, for a first look
    python benchmarks/run.py --only psplib,regions

The PSPLIB runner looks for shared/benchmarks/psplib/j30 beside the repository (or $PSPLIB_DIR).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
J30 = Path(os.environ.get("PSPLIB_DIR", ROOT.parent / "shared" / "benchmarks" / "psplib" / "j30"))


def benches(quick: bool) -> dict[str, list[str]]:
    return {
        "load": ["bench_load.py", "--systems", "5000" if quick else "50000"],
        "decide": ["bench_decide.py"],
        "addressing": ["bench_addressing.py"],
        "psplib": ["psplib.py", str(J30), "--time-limit", "10"] + (["--limit", "48"] if quick else []),
        "regions": ["bench_regions.py"] + (["--sizes", "1000"] if quick else []),
        "regions-v2": ["bench_regions.py", "--version", "2"] + (["--sizes", "1000"] if quick else []),
        "stacks": ["bench_stacks.py", "--systems", "300" if quick else "2000"],
        "drawn": ["bench_drawn_regions.py"] + (["--regions", "100"] if quick else []),
        "drawn-large": ["bench_drawn_regions.py", "--regions", "20" if quick else "60", "--min-systems", "10",
                        "--max-systems", "40", "--copies", "15"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated names: " + ", ".join(benches(False)))
    args = parser.parse_args()
    chosen = benches(args.quick)
    if args.only:
        chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
    failed = []
    for name, argv in chosen.items():
        script = HERE / argv[0]
        if not script.exists() or (name == "psplib" and not J30.exists()):
            print(f"== {name}: skipped ({script.name if not script.exists() else J30} not found)\n", flush=True)
            continue
        print(f"== {name}: python benchmarks/{' '.join(argv)}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *argv[1:]], cwd=ROOT)
        print(f"== {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {time.perf_counter() - t0:.0f} s\n", flush=True)
        if code:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
