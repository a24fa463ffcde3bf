"""The `lora-manager` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lora_manager.core.config import Settings, SettingsError, load_settings
from lora_manager.core.logging import configure_logging

app = typer.Typer(
    name="lora-manager",
    help="Index, search, compose and deliver Stable Diffusion LoRA adapters.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console(stderr=True)


def _settings(**overrides: object) -> Settings:
    try:
        settings = load_settings(**overrides)
    except SettingsError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    configure_logging(settings.log_level, settings.log_format)
    return settings


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    path: Annotated[
        list[Path] | None, typer.Option(help="Library root (repeatable).")
    ] = None,
    watch: Annotated[bool, typer.Option(help="Apply file changes live.")] = False,
) -> None:
    """Start the API and web UI on embedded defaults (migrates the database first)."""
    import uvicorn

    from lora_manager.app import create_app
    from lora_manager.core.db import make_engine
    from lora_manager.core.migrate import upgrade

    settings = _settings()
    _check_targets(settings)
    if path:
        settings.lora_roots = [*settings.lora_roots, *(p.expanduser() for p in path)]
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    application = create_app(settings, engine, watch=watch)
    import structlog

    log = structlog.get_logger("lora_manager.serve")
    log.info(
        "serve.ready",
        url=f"http://{host}:{port}/",
        docs=f"http://{host}:{port}/docs",
        database=engine.url.render_as_string(hide_password=True),
        data_dir=str(settings.data_dir),
        roots=[str(r) for r in settings.lora_roots],
        auth_required=settings.api_key is not None,
        watch=watch,
    )
    uvicorn.run(application, host=host, port=port, log_config=None)


@app.command()
def scan(
    path: Annotated[
        list[Path] | None, typer.Option(help="Folder to scan (repeatable).")
    ] = None,
    force_resync: Annotated[
        bool, typer.Option(help="Re-read every file, changed or not.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="Report what would change; change nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as one JSON object.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(help="Files read in parallel (default: cores).", min=1)
    ] = None,
    extras: Annotated[
        bool,
        typer.Option(help="Then compute BLAKE3/CRC32 (else the server does it later)."),
    ] = True,
) -> None:
    """Import new files and resync changed, moved and missing ones."""
    from lora_manager.library.cli import scan_command
    from lora_manager.library.service import ScanOptions

    settings = _settings()
    options = ScanOptions(force=force_resync, dry_run=dry_run, workers=workers)
    scan_command(
        settings, [p.expanduser() for p in path or []], options, as_json, extras
    )


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the latest version."""
    from lora_manager.core.db import make_engine
    from lora_manager.core.migrate import upgrade

    settings = _settings()
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    console.print(
        f"Database is up to date: {engine.url.render_as_string(hide_password=True)}"
    )


def _check_targets(settings: Settings) -> None:
    """Stop start-up with one sentence when DELIVERY_TARGETS or SDNEXT_URL is wrong."""
    from lora_manager.deliveries.named_targets import (
        TargetConfigError,
        configured_targets,
    )

    try:
        configured_targets(settings)
    except TargetConfigError as error:
        console.print(f"[red]error:[/red] {error.detail}")
        raise typer.Exit(2) from None


@app.command()
def worker(
    burst: Annotated[bool, typer.Option(help="Exit once the queue is empty.")] = False,
    name: Annotated[
        str | None, typer.Option(help="Worker name (default: generated).")
    ] = None,
) -> None:
    """Run jobs from the Redis queue (needs REDIS_URL); start as many as you like."""
    from lora_manager.jobs.redis_queue import run_worker

    settings = _settings()
    if not settings.redis_url:
        console.print(
            "[red]error:[/red] REDIS_URL is not set; without it `serve` runs jobs "
            "in-process and no worker is needed."
        )
        raise typer.Exit(2)
    _check_targets(settings)
    run_worker(settings, burst=burst, name=name)


civitai_app = typer.Typer(
    help="Enrich adapters from Civitai (names, trigger words, previews, stats).",
    no_args_is_help=True,
)
app.add_typer(civitai_app, name="civitai")


@civitai_app.command("sync")
def civitai_sync(
    only_missing: Annotated[
        bool, typer.Option(help="Only adapters never looked up before.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            help="Ask again about files Civitai did not know; replace sidecars."
        ),
    ] = False,
    write_sidecars: Annotated[
        bool | None,
        typer.Option(
            "--write-sidecars/--no-write-sidecars",
            help="Write <name>.civitai.info beside each model "
            "(default: CIVITAI_WRITE_SIDECARS).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object.")
    ] = False,
) -> None:
    """Look adapters up on Civitai by hash and store what it knows."""
    from lora_manager.civitai.cli import sync_command
    from lora_manager.civitai.service import SyncOptions

    settings = _settings()
    options = SyncOptions(
        only_missing=only_missing, force=force, write_sidecars=write_sidecars
    )
    raise typer.Exit(sync_command(settings, options, as_json))


def main() -> None:
    """Run the CLI."""
    app()
