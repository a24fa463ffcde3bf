"""HTTP endpoints of the adapter registry (parse, call the service, shape)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import FileResponse

from lora_manager.adapters import service
from lora_manager.adapters.repository import AdapterFilters
from lora_manager.adapters.schemas import (
    MAX_ID,
    MAX_PAGE_SIZE,
    ActivateRequest,
    AdapterCreate,
    AdapterList,
    AdapterPublic,
    AdapterSort,
    AdapterStatus,
    AdapterUpdate,
    BulkRequest,
    BulkResult,
    adapter_public,
)
from lora_manager.core.deps import SessionDep, SettingsDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.core.types import query_text, text
from lora_manager.library.preview_files import (
    PREVIEW_MEDIA_TYPES,
    PreviewSize,
    preview_file,
)

router = APIRouter(
    prefix="/api/v1/adapters",
    tags=["adapters"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 422, 500),
)
AdapterId = Annotated[int, Path(ge=1, le=MAX_ID, description="Adapter id.")]
ListOf = Annotated[list[Annotated[str, text(200)]] | None, Query(max_length=50)]


def _split(values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return ()
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


@router.get("", operation_id="list_adapters", response_model=AdapterList)
def list_adapters(
    session: SessionDep,
    q: Annotated[str | None, query_text(200, "Search text.")] = None,
    active: bool | None = None,
    favorite: bool | None = None,
    tags: ListOf = None,
    tags_mode: Literal["any", "all"] = "any",
    base_model: ListOf = None,
    architecture: ListOf = None,
    network_type: ListOf = None,
    status: Annotated[list[AdapterStatus] | None, Query(max_length=4)] = None,
    sort: AdapterSort = "name",
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AdapterList:
    """List adapters with filters, sorting and pagination."""
    filters = AdapterFilters(
        q=q.strip() if q else None,
        active=active,
        favorite=favorite,
        tags=_split(tags),
        tags_mode=tags_mode,
        base_model=_split(base_model),
        architecture=_split(architecture),
        network_type=_split(network_type),
        status=tuple(status or ()),
        sort=sort,
        order=order,
        limit=limit,
        offset=offset,
    )
    items, total = service.list_adapters(session, filters)
    return AdapterList(
        items=[adapter_public(a) for a in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    operation_id="create_adapter",
    status_code=status.HTTP_201_CREATED,
    response_model=AdapterPublic,
    responses=problem_responses(400, 409),
)
def create_adapter(
    body: AdapterCreate, session: SessionDep, settings: SettingsDep
) -> AdapterPublic:
    """Register a LoRA file that lies inside a library root."""
    adapter = service.create_adapter(session, body, settings.lora_roots)
    return adapter_public(adapter)


@router.post(
    "/bulk",
    operation_id="bulk_adapters",
    response_model=BulkResult,
    responses=problem_responses(400),
)
def bulk_adapters(body: BulkRequest, session: SessionDep) -> BulkResult:
    """Activate, deactivate, delete or (un)tag many adapters in one transaction."""
    return service.bulk_action(session, body)


@router.get(
    "/{adapter_id}",
    operation_id="get_adapter",
    response_model=AdapterPublic,
    responses=problem_responses(404),
)
def get_adapter(adapter_id: AdapterId, session: SessionDep) -> AdapterPublic:
    """Return one adapter."""
    return adapter_public(service.get_adapter(session, adapter_id))


@router.patch(
    "/{adapter_id}",
    operation_id="update_adapter",
    response_model=AdapterPublic,
    responses=problem_responses(400, 404),
)
def update_adapter(
    adapter_id: AdapterId, body: AdapterUpdate, session: SessionDep
) -> AdapterPublic:
    """Change some fields; edited fields are kept across rescans."""
    return adapter_public(service.update_adapter(session, adapter_id, body))


@router.delete(
    "/{adapter_id}",
    operation_id="delete_adapter",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404),
)
def delete_adapter(adapter_id: AdapterId, session: SessionDep) -> Response:
    """Forget an adapter (the file is never touched)."""
    service.delete_adapter(session, adapter_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{adapter_id}/activate",
    operation_id="activate_adapter",
    response_model=AdapterPublic,
    responses=problem_responses(400, 404),
)
def activate_adapter(
    adapter_id: AdapterId, session: SessionDep, body: ActivateRequest | None = None
) -> AdapterPublic:
    """Add the adapter to the active stack, optionally at a position and weight."""
    req = body or ActivateRequest()
    return adapter_public(service.activate_adapter(session, adapter_id, req))


@router.post(
    "/{adapter_id}/deactivate",
    operation_id="deactivate_adapter",
    response_model=AdapterPublic,
    responses=problem_responses(404),
)
def deactivate_adapter(adapter_id: AdapterId, session: SessionDep) -> AdapterPublic:
    """Remove the adapter from the active stack."""
    return adapter_public(service.deactivate_adapter(session, adapter_id))


@router.get(
    "/{adapter_id}/preview",
    operation_id="get_adapter_preview",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The preview image or video (thumbnails are WebP).",
            "content": {media: {} for media in PREVIEW_MEDIA_TYPES},
        },
        **problem_responses(404),
    },
)
def get_adapter_preview(
    adapter_id: AdapterId,
    session: SessionDep,
    settings: SettingsDep,
    size: PreviewSize = "256",
) -> FileResponse:
    """Return the adapter's preview, as a cached WebP thumbnail or the original."""
    adapter = service.get_adapter(session, adapter_id)
    path, media_type = preview_file(adapter.preview_path, settings.data_dir, size)
    return FileResponse(
        path, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"}
    )
