"""HTTP side of the web UI: its runtime settings and the built SPA (history mode)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from lora_manager import __version__
from lora_manager.core.errors import NotFoundError
from lora_manager.spa import service
from lora_manager.spa.schemas import FrontendSettings

IMMUTABLE = "public, max-age=31536000, immutable"


class SpaFallbackRoute(APIRoute):
    """A catch-all GET that steps aside for API, docs and metrics paths.

    Routes added after this one (and unknown API paths, which must stay 404s)
    are therefore never shadowed by the SPA.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Match every path the SPA may own."""
        if scope["type"] == "http" and service.is_reserved(scope["path"]):
            return Match.NONE, {}
        return super().matches(scope)


router = APIRouter(tags=["frontend"])


@router.get(
    "/frontend/settings",
    operation_id="frontend_settings",
    response_model=FrontendSettings,
)
def frontend_settings(request: Request) -> FrontendSettings:
    """Runtime configuration of the web UI (no key needed)."""
    openapi: dict[str, Any] = request.app.openapi()
    return FrontendSettings(
        api_base=str(request.scope.get("root_path", "")).rstrip("/"),
        auth_required=request.app.state.settings.api_key is not None,
        version=__version__,
        endpoints=service.api_endpoints(openapi),
    )


def serve_spa(full_path: str) -> Response:
    """Serve a built file, else index.html so the SPA's router resolves the path."""
    web_dir = service.WEB_DIR
    asset = service.static_file(web_dir, full_path)
    if asset is not None:
        cache = IMMUTABLE if full_path.startswith("assets/") else "no-cache"
        return FileResponse(asset, headers={"Cache-Control": cache})
    if service.looks_like_file(full_path):
        raise NotFoundError(f"There is no file /{full_path}.")
    index = service.index_file(web_dir)
    if index is None:
        return HTMLResponse(service.NOT_BUILT_PAGE)
    return FileResponse(
        index, media_type="text/html", headers={"Cache-Control": "no-cache"}
    )


router.add_api_route(
    "/{full_path:path}",
    serve_spa,
    methods=["GET"],
    include_in_schema=False,
    response_class=Response,
    route_class_override=SpaFallbackRoute,
)
