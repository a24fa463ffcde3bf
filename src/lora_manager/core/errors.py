"""One exception hierarchy and the handlers that render it as RFC 9457 problem+json."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("lora_manager.errors")


class FieldProblem(BaseModel):
    """One offending input field."""

    loc: list[str | int] = Field(description="Where the value was: body, query, path.")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldProblem] | None = None


class AppError(Exception):
    """Base of every error the service reports to its users."""

    status: int = 500
    code: str = "internal-error"

    def __init__(self, detail: str, *, errors: list[FieldProblem] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class BadRequestError(AppError):
    """The request cannot be understood (e.g. malformed JSON)."""

    status = 400
    code = "bad-request"


class UnauthorizedError(AppError):
    """No valid credentials were sent."""

    status = 401
    code = "unauthorized"


class ForbiddenError(AppError):
    """The credentials do not allow this action."""

    status = 403
    code = "forbidden"


class NotFoundError(AppError):
    """The addressed resource does not exist."""

    status = 404
    code = "not-found"


class ConflictError(AppError):
    """The request conflicts with the current state (duplicate, wrong state)."""

    status = 409
    code = "conflict"


class InvalidInputError(AppError):
    """The request is well-formed but a value is not acceptable."""

    status = 422
    code = "invalid-input"


class ServiceUnavailableError(AppError):
    """A service the request depends on is down."""

    status = 503
    code = "service-unavailable"


def problem_response(
    request: Request,
    status: int,
    detail: str | None,
    *,
    code: str | None = None,
    errors: list[FieldProblem] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Render a problem+json response."""
    problem = Problem(
        type=f"/problems/{code}" if code else "about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=getattr(request.state, "request_id", None),
        errors=errors,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field_problems(exc: RequestValidationError) -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        loc = [part if isinstance(part, int) else str(part) for part in error["loc"]]
        problems.append(
            FieldProblem(loc=loc, msg=str(error["msg"]), type=error["type"])
        )
    return problems


async def _on_app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem_response(
        request, exc.status, exc.detail, code=exc.code, errors=exc.errors
    )


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = _field_problems(exc)
    if any(p.type == "json_invalid" for p in problems):
        return problem_response(
            request,
            400,
            "The request body is not valid JSON.",
            code="malformed-json",
            errors=problems,
        )
    fields = ", ".join(".".join(str(x) for x in p.loc) for p in problems[:5])
    return problem_response(
        request, 422, f"Invalid input: {fields}.", code="invalid-input", errors=problems
    )


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = (
        exc.detail
        if isinstance(exc.detail, str)
        else HTTPStatus(exc.status_code).phrase
    )
    return problem_response(
        request, exc.status_code, detail, headers=dict(exc.headers or {})
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("http.unhandled_error", path=request.url.path)
    return problem_response(
        request,
        500,
        "An unexpected error occurred; it has been logged.",
        code="internal-error",
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every error path through problem+json."""
    app.add_exception_handler(AppError, _on_app_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of problem+json error responses."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase}
        for status in statuses
    }


def move_problems_to_problem_json(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare error responses under application/problem+json in the OpenAPI."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in {"4", "5"} and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema
