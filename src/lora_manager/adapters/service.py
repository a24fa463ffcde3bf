"""Adapter registry logic: create, list, edit, activate and bulk actions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from lora_manager.adapters.repository import AdapterPage, AdapterRepository
from lora_manager.adapters.schemas import (
    ActivateRequest,
    AdapterCreate,
    AdapterUpdate,
    BulkItemResult,
    BulkRequest,
    BulkResult,
)
from lora_manager.adapters.search import AdapterFilters
from lora_manager.core.db import utcnow
from lora_manager.core.errors import (
    ConflictError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
)
from lora_manager.library.paths import PathRefusedError, resolve_library_file
from lora_manager.models import Adapter
from lora_manager.models.adapter import PROTECTED_FIELDS


def _path_problem(message: str) -> InvalidInputError:
    return InvalidInputError(
        f"Invalid file_path: {message}.",
        errors=[FieldProblem(loc=["body", "file_path"], msg=message, type="path")],
    )


def get_adapter(session: Session, adapter_id: int) -> Adapter:
    """Return the adapter or raise NotFoundError."""
    adapter = AdapterRepository(session).get(adapter_id)
    if adapter is None:
        raise NotFoundError(f"Adapter {adapter_id} does not exist.")
    return adapter


def list_adapters(
    session: Session, filters: AdapterFilters, page: AdapterPage
) -> tuple[list[RowMapping], int]:
    """Return one page of adapters (as rows) and the total matching."""
    return AdapterRepository(session).page(filters, page)


def adapter_facets(
    session: Session, filters: AdapterFilters, size: int
) -> dict[str, Any]:
    """Count adapters per filter value, each facet over the other filters."""
    return AdapterRepository(session).facets(filters, size)


def create_adapter(
    session: Session, data: AdapterCreate, roots: Sequence[Path]
) -> Adapter:
    """Register a file that lies inside a library root (409 if already registered)."""
    try:
        real, root = resolve_library_file(data.file_path, roots)
    except PathRefusedError as error:
        raise _path_problem(str(error)) from None
    repo = AdapterRepository(session)
    if repo.get_by_path(str(real)) is not None:
        raise ConflictError(f"An adapter is already registered at {real}.")
    fields = data.model_dump(exclude_unset=True, exclude={"file_path", "name"})
    fields = {k: v for k, v in fields.items() if v is not None}
    adapter = Adapter(
        name=data.name or real.stem,
        file_path=str(real),
        file_name=real.name,
        root_path=str(root),
        file_format="safetensors"
        if real.suffix.lower() == ".safetensors"
        else "pickle",
        size_bytes=real.stat().st_size,
        edited_fields=sorted(PROTECTED_FIELDS & set(fields)),
        **fields,
    )
    if adapter.active:
        adapter.ordinal = repo.next_ordinal()
    try:
        return repo.add(adapter)
    except IntegrityError:
        raise ConflictError(f"An adapter is already registered at {real}.") from None


def update_adapter(session: Session, adapter_id: int, data: AdapterUpdate) -> Adapter:
    """Apply a partial update and remember which protected fields the user edited."""
    adapter = get_adapter(session, adapter_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    for name in ("name", "tags", "trained_words", "favorite", "weight"):
        if name in changes and changes[name] is None:
            raise InvalidInputError(
                f"{name} cannot be null.",
                errors=[
                    FieldProblem(loc=["body", name], msg="may not be null", type="null")
                ],
            )
    for name, value in changes.items():
        setattr(adapter, name, value)
    edited = set(adapter.edited_fields) | (PROTECTED_FIELDS & set(changes))
    adapter.edited_fields = sorted(edited)
    adapter.updated_at = utcnow()
    session.add(adapter)
    session.flush()
    return adapter


def delete_adapter(session: Session, adapter_id: int) -> None:
    """Forget an adapter's metadata; the file stays where it is."""
    AdapterRepository(session).delete(get_adapter(session, adapter_id))


def _activate(repo: AdapterRepository, adapter: Adapter, req: ActivateRequest) -> None:
    if req.ordinal is not None:
        adapter.ordinal = req.ordinal
    elif not adapter.active or adapter.ordinal is None:
        adapter.ordinal = repo.next_ordinal()
    if req.weight is not None:
        adapter.weight = req.weight
    elif not adapter.active:
        # A fresh activation starts from the weight the user prefers for this file.
        adapter.weight = adapter.preferred_weight or 1.0
    adapter.active = True
    adapter.updated_at = utcnow()
    repo.session.add(adapter)
    repo.session.flush()


def _deactivate(repo: AdapterRepository, adapter: Adapter) -> None:
    adapter.active = False
    adapter.ordinal = None
    adapter.updated_at = utcnow()
    repo.session.add(adapter)
    repo.session.flush()


def activate_adapter(
    session: Session, adapter_id: int, req: ActivateRequest
) -> Adapter:
    """Put an adapter in the active stack (at `ordinal`, or at the end)."""
    adapter = get_adapter(session, adapter_id)
    _activate(AdapterRepository(session), adapter, req)
    return adapter


def deactivate_adapter(session: Session, adapter_id: int) -> Adapter:
    """Take an adapter out of the active stack."""
    adapter = get_adapter(session, adapter_id)
    _deactivate(AdapterRepository(session), adapter)
    return adapter


def _retag(adapter: Adapter, tags: list[str], *, add: bool) -> None:
    if add:
        known = {t.casefold() for t in adapter.tags}
        adapter.tags = [*adapter.tags, *(t for t in tags if t.casefold() not in known)]
    else:
        gone = {t.casefold() for t in tags}
        adapter.tags = [t for t in adapter.tags if t.casefold() not in gone]
    adapter.updated_at = utcnow()


def bulk_action(session: Session, req: BulkRequest) -> BulkResult:
    """Apply one action to many adapters in one transaction, reporting per id."""
    if req.action in {"add_tags", "remove_tags"} and not req.tags:
        raise InvalidInputError(
            f"{req.action} needs a non-empty tags list.",
            errors=[FieldProblem(loc=["body", "tags"], msg="required", type="missing")],
        )
    repo = AdapterRepository(session)
    found = repo.get_many(req.ids)
    results: list[BulkItemResult] = []
    for adapter_id in dict.fromkeys(req.ids):
        adapter = found.get(adapter_id)
        if adapter is None:
            results.append(BulkItemResult(id=adapter_id, ok=False, error="not found"))
            continue
        if req.action == "activate":
            _activate(repo, adapter, ActivateRequest())
        elif req.action == "deactivate":
            _deactivate(repo, adapter)
        elif req.action == "delete":
            repo.session.delete(adapter)
        else:
            _retag(adapter, req.tags or [], add=req.action == "add_tags")
            session.add(adapter)
        results.append(BulkItemResult(id=adapter_id, ok=True))
    session.flush()
    ok = sum(1 for r in results if r.ok)
    return BulkResult(
        action=req.action, succeeded=ok, failed=len(results) - ok, results=results
    )
