"""Peak memory while importing one 2 GB file (target <= 200 MB RSS, streaming).

Runs the import in a fresh process and reports its peak resident set (VmHWM).

    .venv/bin/python benchmarks/scan_memory.py --size-gb 2
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _library import MIB, ROOT, write_adapter

CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from _library import peak_rss_mib
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade
from lora_manager.library.service import ScanOptions, run_scan
work = Path({work!r})
engine = make_engine(f"sqlite:///{{work / 'index-{extras}.db'}}")
upgrade(engine)
baseline = peak_rss_mib()
started = time.perf_counter()
summary = run_scan(engine, [work / "loras"], work / "data", ScanOptions(extras={extras}))
elapsed = time.perf_counter() - started
assert summary.added == 1, summary
print(f"{{baseline:.0f}} {{peak_rss_mib():.0f}} {{elapsed:.2f}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lm-rss-") as tmp:
        work = Path(tmp)
        (work / "loras").mkdir()
        started = time.perf_counter()
        write_adapter(
            work / "loras" / "huge.safetensors", int(args.size_gb * 1024 * MIB), 7
        )
        print(f"wrote {args.size_gb:.1f} GiB in {time.perf_counter() - started:.1f} s")
        for extras in (False, True):
            code = CHILD.format(
                bench=str(ROOT / "benchmarks"), work=str(work), extras=extras
            )
            out = subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout.split()
            baseline, peak, seconds = out
            label = "with BLAKE3+CRC32" if extras else "SHA256+AutoV1/2/3"
            print(
                f"import ({label}): peak RSS {peak} MiB (after start-up {baseline} MiB),"
                f" {seconds} s  (target <= 200 MB)"
            )


if __name__ == "__main__":
    main()
