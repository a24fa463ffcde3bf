"""Failures talking to Civitai, as the project's errors (problem+json over HTTP)."""

from __future__ import annotations

from lora_manager.core.errors import AppError


class CivitaiError(AppError):
    """Civitai answered, but not usefully (5xx, 429, a refused request)."""

    status = 502
    code = "civitai-error"


class CivitaiBadResponseError(CivitaiError):
    """Civitai sent something that is not the documented JSON."""

    code = "civitai-bad-response"


class CivitaiTimeoutError(CivitaiError):
    """Civitai did not answer within the timeout, on every attempt."""

    status = 504
    code = "civitai-timeout"


class CivitaiUnreachableError(CivitaiError):
    """No connection to Civitai could be made: offline, DNS, or refused."""

    status = 503
    code = "civitai-unreachable"
