"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from lora_manager import __version__
from lora_manager.adapters.router import router as adapters_router
from lora_manager.civitai.router import router as civitai_router
from lora_manager.compose.router import router as compose_router
from lora_manager.core.config import Settings, get_settings
from lora_manager.core.db import make_engine
from lora_manager.core.errors import (
    install_error_handlers,
    move_problems_to_problem_json,
)
from lora_manager.core.logging import RequestIdMiddleware
from lora_manager.deliveries.router import router as deliveries_router
from lora_manager.jobs.queue import make_queue
from lora_manager.jobs.router import router as jobs_router
from lora_manager.library.router import router as library_router
from lora_manager.library.watch import LibraryWatcher
from lora_manager.spa.router import router as spa_router
from lora_manager.system.router import public_router
from lora_manager.system.router import router as system_router


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    *,
    watch: bool = False,
) -> FastAPI:
    """Build the app; the caller migrates the database first (see `serve`)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.queue.start()
        watcher = LibraryWatcher(app.state.engine, settings) if watch else None
        if watcher:
            watcher.start()
        yield
        if watcher:
            watcher.stop()
        app.state.queue.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="LoRA Manager",
        version=__version__,
        description="Index, search, compose and deliver Stable Diffusion LoRAs.",
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url)
    app.state.queue = make_queue(app.state.engine, settings)
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    for router in (
        public_router,
        system_router,
        adapters_router,
        library_router,
        jobs_router,
        compose_router,
        deliveries_router,
    ):
        app.include_router(router)
    app.include_router(civitai_router)
    app.include_router(spa_router)  # last: its catch-all serves the web UI
    _install_openapi(app)
    return app


def _install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = move_problems_to_problem_json(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
