"""First import of a library versus `openssl dgst -sha256` over the same files.

Target (DESIGN.md §6): a first import (headers + SHA256/AutoV2/AutoV3 + database)
takes at most 1.2x the wall time of `openssl dgst -sha256`. Both run over a warm
page cache (each file is read once before timing) so the figure compares hashing,
not the disk.

    .venv/bin/python benchmarks/scan_first_import.py --files 24 --size-mb 64
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from _library import MIB, write_adapter
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade
from lora_manager.library.service import ScanOptions, run_scan


def _openssl(files: list[Path]) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["openssl", "dgst", "-sha256", *map(str, files)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _import(root: Path, work: Path, run: int, extras: bool) -> tuple[float, int]:
    engine = make_engine(f"sqlite:///{work / f'import-{run}-{extras}.db'}")
    upgrade(engine)
    started = time.perf_counter()
    summary = run_scan(engine, [root], work / "data", ScanOptions(extras=extras))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, summary.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--size-mb", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lm-bench-") as tmp:
        work = Path(tmp)
        root = work / "loras"
        root.mkdir()
        files = [root / f"lora{i:03d}.safetensors" for i in range(args.files)]
        for i, path in enumerate(files):
            write_adapter(path, args.size_mb * MIB, seed=i)
        total = sum(f.stat().st_size for f in files)
        _openssl(files)  # warm the page cache for both contenders
        ssl_times, ours, ours_extras = [], [], []
        for run in range(args.rounds):
            ssl_times.append(_openssl(files))
            seconds, added = _import(root, work, run, extras=False)
            assert added == len(files), added
            ours.append(seconds)
            ours_extras.append(_import(root, work, run, extras=True)[0])
        ssl_s, our_s, extra_s = (
            statistics.median(x) for x in (ssl_times, ours, ours_extras)
        )
        print(
            f"library: {len(files)} files, {total / MIB:,.0f} MiB (median of {args.rounds})"
        )
        print(
            f"{'openssl dgst -sha256':<44} {ssl_s:7.2f} s  {total / MIB / ssl_s:7.0f} MiB/s"
        )
        print(
            f"{'first import (SHA256+AutoV1/2/3, DB)':<44} {our_s:7.2f} s  "
            f"{total / MIB / our_s:7.0f} MiB/s  ratio {our_s / ssl_s:.2f}x (target <= 1.20x)"
        )
        print(
            f"{'first import + BLAKE3 + CRC32 (eager)':<44} {extra_s:7.2f} s  "
            f"{total / MIB / extra_s:7.0f} MiB/s  ratio {extra_s / ssl_s:.2f}x"
        )


if __name__ == "__main__":
    main()
