"""Rescan of an unchanged library: target <= 1 s for 10,000 files, zero bytes read.

.venv/bin/python benchmarks/scan_rescan.py --files 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _library import write_adapter
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade
from lora_manager.library import reading
from lora_manager.library.service import ScanOptions, run_scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--per-folder", type=int, default=250)
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lm-rescan-") as tmp:
        work = Path(tmp)
        root = work / "loras"
        for i in range(args.files):
            folder = root / f"set{i // args.per_folder:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            write_adapter(folder / f"lora{i:05d}.safetensors", 4096, seed=i)
            if i % 3 == 0:  # sidecars and previews are part of every real library
                (folder / f"lora{i:05d}.civitai.info").write_text("{}")
        engine = make_engine(args.database_url or f"sqlite:///{work / 'index.db'}")
        upgrade(engine)
        started = time.perf_counter()
        first = run_scan(engine, [root], work / "data", ScanOptions())
        imported = time.perf_counter() - started

        reads = []
        original = reading.read_and_hash
        reading.read_and_hash = lambda *a, **k: reads.append(a) or original(*a, **k)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            again = run_scan(engine, [root], work / "data", ScanOptions())
            timings.append(time.perf_counter() - started)
        reading.read_and_hash = original
        engine.dispose()
        print(f"first import: {first.added} files in {imported:.2f} s")
        print(
            f"rescan of {again.unchanged} unchanged files: best {min(timings):.3f} s, "
            f"worst {max(timings):.3f} s (target <= 1 s)"
        )
        print(
            f"files opened for reading during rescans: {len(reads)}; "
            f"bytes read: {again.bytes_read} (target 0)"
        )


if __name__ == "__main__":
    main()
