"""Constrained field types shared by the API schemas."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import Field

# PostgreSQL text cannot hold NUL; refusing it at the edge keeps both engines equal.
NO_NUL = r"^[^\x00]*$"


def text(max_length: int, *, min_length: int = 0) -> object:
    """Return Field constraints for a string without NUL characters."""
    return Field(min_length=min_length, max_length=max_length, pattern=NO_NUL)


def query_text(max_length: int, description: str | None = None) -> object:
    """Return Query constraints for a string without NUL characters."""
    return Query(max_length=max_length, pattern=NO_NUL, description=description)


Name = Annotated[str, text(512, min_length=1)]
LongText = Annotated[str, text(100_000)]
