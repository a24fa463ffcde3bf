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


def main() -> None:
    """Run the CLI."""
    app()
