"""`lora-manager scan`: progress bar, summary table, or the JSON summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from lora_manager.core.config import Settings
from lora_manager.core.db import make_engine, session_scope
from lora_manager.core.migrate import upgrade
from lora_manager.library.extras import fill_hash_extras
from lora_manager.library.roots import configured_roots, remember_roots
from lora_manager.library.service import ScanOptions, run_scan
from lora_manager.library.summary import ScanProgress, ScanSummary


def scan_command(
    settings: Settings,
    paths: list[Path],
    options: ScanOptions,
    as_json: bool,
    extras: bool = True,
) -> ScanSummary:
    """Run a scan from the command line and print what it did."""
    console = Console(stderr=True)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        if paths and not options.dry_run:
            remember_roots(session, paths)
        roots = paths or configured_roots(session, settings)
    if not roots:
        console.print(
            "[red]error:[/red] no library root: pass --path DIR or set LORA_ROOTS."
        )
        raise SystemExit(2)
    show_bar = console.is_terminal
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[files]}"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("walking", total=None, files="")

        def on_progress(p: ScanProgress) -> None:
            bar.update(
                task,
                description=p.phase,
                total=p.bytes_total or None,
                completed=p.bytes_done,
                files=f"{p.files_done}/{p.files_total} files",
            )

        summary = run_scan(engine, roots, settings.data_dir, options, on_progress)
    if as_json:
        sys.stdout.write(json.dumps(summary.as_dict()) + "\n")
        sys.stdout.flush()
    else:
        _print_summary(Console(), summary)
    if extras and not options.dry_run:
        _fill_extras(engine, console)
    engine.dispose()
    return summary


def _fill_extras(engine: Engine, console: Console) -> None:
    """Compute BLAKE3/CRC32 after the summary (Ctrl-C leaves it for the server)."""
    with Progress(
        TextColumn("[dim]BLAKE3/CRC32 for Civitai matching[/dim]"),
        TextColumn("{task.completed} files"),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("extras", total=None)
        try:
            fill_hash_extras(
                engine, on_progress=lambda done, _f: bar.update(task, completed=done)
            )
        except KeyboardInterrupt:
            console.print(
                "[dim]BLAKE3/CRC32 left for the server's background pass.[/dim]"
            )


def _print_summary(console: Console, summary: ScanSummary) -> None:
    table = Table(
        title="Scan" + (" (dry run: nothing changed)" if summary.dry_run else "")
    )
    for column in (
        "added",
        "updated",
        "moved",
        "missing",
        "unchanged",
        "duplicates",
        "offline",
        "errors",
    ):
        table.add_column(column, justify="right")
    table.add_row(
        *(
            str(getattr(summary, c))
            for c in (
                "added",
                "updated",
                "moved",
                "missing",
                "unchanged",
                "duplicates",
                "offline",
            )
        ),
        str(len(summary.errors)),
    )
    console.print(table)
    mib = summary.bytes_read / 2**20
    seconds = summary.duration_s
    console.print(
        f"Read {summary.files_read} files ({mib:,.1f} MiB) in {seconds:.2f} s."
    )
    for item in summary.errors[:50]:
        console.print(f"[red]error[/red] {item['path']}: {item['reason']}")
    if len(summary.errors) > 50:
        console.print(f"... and {len(summary.errors) - 50} more (see --json)")
    for item in summary.warnings[:20]:
        console.print(f"[yellow]warning[/yellow] {item['path']}: {item['reason']}")
    for item in summary.skipped[:20]:
        console.print(f"[dim]skipped {item['path']}: {item['reason']}[/dim]")
