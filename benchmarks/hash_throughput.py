"""Hashing throughput of read_and_hash against `openssl dgst -sha256`.

Quality bar (DESIGN.md §6): a first import (headers + SHA256/AutoV2/AutoV3) takes
at most 1.2x the wall time of `openssl dgst -sha256` over the same files, and
hashing a 2 GB file stays under 200 MB RSS.

Nothing is dropped from the page cache: openssl reads every file once to warm the
cache, then each measured round runs openssl and every variant of ours over the
same warm files, and the median of the rounds is printed.

    .venv/bin/python benchmarks/hash_throughput.py --files 8 --size-mb 100
    .venv/bin/python benchmarks/hash_throughput.py --dir /path/to/loras
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from lora_manager.library import hashing
except ModuleNotFoundError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))
    from lora_manager.library import hashing

MB = 1_000_000
MIB = 1 << 20
BLOCK = 16 * MIB
CHUNK_SIZES = (256 * 1024, 1 * MIB, 4 * MIB, 8 * MIB)
OPENSSL = "openssl dgst -sha256"
OPENSSL_TWICE = "openssl x2 in parallel (our work, 2 streams)"


def write_safetensors(path: Path, data_bytes: int, seed: int) -> None:
    """Write a valid safetensors file: a little metadata and one big F16 tensor."""
    data_bytes -= data_bytes % 2
    header = {
        "__metadata__": {"ss_output_name": path.stem, "ss_network_dim": "32"},
        "lora_unet_single_blocks_0_linear1.lora_down.weight": {
            "dtype": "F16",
            "shape": [data_bytes // 2],
            "data_offsets": [0, data_bytes],
        },
    }
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    block = random.Random(seed).randbytes(BLOCK)
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        remaining = data_bytes
        while remaining:
            step = min(remaining, BLOCK)
            f.write(block[:step])
            remaining -= step


def library_files(args: argparse.Namespace, scratch: Path) -> list[Path]:
    if args.dir is not None:
        found = sorted(p for p in args.dir.rglob("*.safetensors") if p.is_file())
        if not found:
            sys.exit(f"no .safetensors files under {args.dir}")
        return found
    files = []
    for index in range(args.files):
        path = scratch / f"adapter_{index:03d}.safetensors"
        write_safetensors(path, args.size_mb * MB, seed=index)
        files.append(path)
    return files


def run_openssl(files: list[Path]) -> None:
    subprocess.run(
        ["openssl", "dgst", "-sha256", *map(str, files)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run_openssl_twice(files: list[Path]) -> None:
    """Two openssl processes over all files: the floor for two SHA-256 streams."""
    command = ["openssl", "dgst", "-sha256", *map(str, files)]
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(2)]
    for process in processes:
        process.wait()


def run_ours(files: list[Path], *, extras: bool, workers: int) -> None:
    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(lambda p: hashing.read_and_hash(p, extras=extras), files):
            pass


@contextmanager
def tuned(chunk_size: int, split_min: int) -> Iterator[None]:
    """Run the real code path with other module constants."""
    saved = hashing.CHUNK_SIZE, hashing.SPLIT_MIN_BYTES
    hashing.CHUNK_SIZE, hashing.SPLIT_MIN_BYTES = chunk_size, split_min
    try:
        yield
    finally:
        hashing.CHUNK_SIZE, hashing.SPLIT_MIN_BYTES = saved


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_pressure() -> str:
    """The kernel's 10 s CPU-pressure average: how often tasks waited for a core."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "n/a"
    return first.split()[1].removeprefix("avg10=") + "%"


Timing = tuple[float, float, float]
"""Median wall seconds, best wall seconds, median CPU seconds."""


def measure(variants: dict[str, Callable[[], None]], rounds: int) -> dict[str, Timing]:
    """Time each variant ``rounds`` times; variants interleave within each round.

    The best round is the one least disturbed by other load on the machine; the
    median says what a user would typically see. CPU seconds do not depend on
    load and show the work done (two SHA-256 streams cost twice one).
    """
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            cpu, start = cpu_seconds(), time.perf_counter()
            run()
            times[name].append((time.perf_counter() - start, cpu_seconds() - cpu))
    return {
        name: (
            statistics.median(wall for wall, _ in values),
            min(wall for wall, _ in values),
            statistics.median(cpu for _, cpu in values),
        )
        for name, values in times.items()
    }


def print_table(title: str, results: dict[str, Timing], total_bytes: int) -> None:
    median_base, best_base, _ = results[OPENSSL]
    print(f"\n{title}  ({total_bytes / MB:,.0f} MB, CPU pressure {cpu_pressure()})")
    print(
        f"  {'variant':<46} {'wall s med/best':>15} {'ratio med/best':>14} "
        f"{'MB/s':>5} {'CPU s':>6}",
    )
    for name, (median, best, cpu) in results.items():
        walls = f"{median:.2f}/{best:.2f}"
        ratios = f"{median / median_base:.2f}/{best / best_base:.2f}x"
        rate = total_bytes / MB / best
        print(f"  {name:<46} {walls:>15} {ratios:>14} {rate:5.0f} {cpu:6.2f}")


def library_table(files: list[Path], rounds: int) -> None:
    cores = os.cpu_count() or 1
    split_off = 1 << 62
    default_split = hashing.SPLIT_MIN_BYTES

    def ours(extras: bool, workers: int, split_min: int) -> Callable[[], None]:
        def run() -> None:
            with tuned(hashing.CHUNK_SIZE, split_min):
                run_ours(files, extras=extras, workers=workers)

        return run

    variants = {
        OPENSSL: lambda: run_openssl(files),
        OPENSSL_TWICE: lambda: run_openssl_twice(files),
        f"ours, {cores} threads": ours(False, cores, default_split),
        f"ours, {cores} threads, + blake3/crc32": ours(True, cores, default_split),
        f"ours, {cores} threads, lanes not split": ours(False, cores, split_off),
        "ours, 1 thread": ours(False, 1, default_split),
        "ours, 1 thread, lanes not split": ours(False, 1, split_off),
    }
    total = sum(p.stat().st_size for p in files)
    results = measure(variants, rounds)
    print_table(f"Library: {len(files)} files", results, total)


def single_file_table(big: Path, rounds: int) -> None:
    split_off = 1 << 62

    def ours(extras: bool, chunk: int, split_min: int) -> Callable[[], None]:
        def run() -> None:
            with tuned(chunk, split_min):
                hashing.read_and_hash(big, extras=extras)

        return run

    variants: dict[str, Callable[[], None]] = {
        OPENSSL: lambda: run_openssl([big]),
        OPENSSL_TWICE: lambda: run_openssl_twice([big]),
    }
    for chunk in CHUNK_SIZES:
        label = f"{chunk // 1024} KiB"
        variants[f"ours, lanes on 2 threads, chunk {label}"] = ours(False, chunk, 0)
        variants[f"ours, one thread, chunk {label}"] = ours(False, chunk, split_off)
    default = hashing.CHUNK_SIZE
    variants["ours, default, + blake3/crc32"] = ours(
        True, default, hashing.SPLIT_MIN_BYTES
    )
    variants["ours, one thread, + blake3/crc32"] = ours(True, default, split_off)
    results = measure(variants, rounds)
    print_table(f"Single file: {big.name}", results, big.stat().st_size)


_RSS_PROBE = """
import sys
from pathlib import Path
from lora_manager.library.hashing import read_and_hash

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
before = hwm()
read_and_hash(Path(sys.argv[1]), extras=sys.argv[2] == "1")
print(before, hwm())
"""


def peak_rss(big: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])
    )
    print(f"\nPeak RSS (VmHWM) hashing {big.name} ({big.stat().st_size / MB:,.0f} MB)")
    for extras in (False, True):
        out = subprocess.run(
            [sys.executable, "-c", _RSS_PROBE, str(big), "1" if extras else "0"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.split()
        before, after = int(out[0]), int(out[1])
        label = "+ blake3/crc32" if extras else "sha256 + tensor sha256"
        print(
            f"  {label:<24} after import {before / MIB:6.1f} MiB, "
            f"peak {after / MIB:6.1f} MiB (+{(after - before) / MIB:.1f})",
        )


def describe_machine() -> None:
    openssl = subprocess.run(["openssl", "version"], capture_output=True, text=True)
    print(f"cores: {os.cpu_count()}  python: {platform.python_version()}")
    print(f"openssl CLI: {openssl.stdout.strip()}  hashlib: {ssl.OPENSSL_VERSION}")
    print(
        f"defaults: CHUNK_SIZE {hashing.CHUNK_SIZE // 1024} KiB, "
        f"SPLIT_MIN_BYTES {hashing.SPLIT_MIN_BYTES // MIB} MiB",
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8, help="files to generate")
    parser.add_argument("--size-mb", type=int, default=100, help="size of each file")
    parser.add_argument("--dir", type=Path, help="hash the .safetensors files here")
    parser.add_argument(
        "--single-mb",
        type=int,
        default=200,
        help="single-file timing size (0: largest)",
    )
    parser.add_argument("--rss-mb", type=int, default=2000, help="peak-RSS file size")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds")
    parser.add_argument(
        "--scratch", type=Path, help="where to generate (default: temp)"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    describe_machine()
    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch_dir:
        scratch = Path(scratch_dir)
        files = library_files(args, scratch)
        single = max(files, key=lambda p: p.stat().st_size)
        if args.single_mb:
            single = scratch / "single.safetensors"
            write_safetensors(single, args.single_mb * MB, seed=998)
        run_openssl([*files, single])  # warm the page cache for every variant alike
        library_table(files, args.rounds)
        single_file_table(single, args.rounds)
        big = scratch / "big.safetensors"
        write_safetensors(big, args.rss_mb * MB, seed=999)
        peak_rss(big)
        big.unlink()


if __name__ == "__main__":
    main()
