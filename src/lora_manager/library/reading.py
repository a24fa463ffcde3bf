"""Reading one file: header, every hash in one pass, facts, sidecars, preview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lora_manager.library.facts import AdapterFacts, describe
from lora_manager.library.hashing import (
    FileChangedError,
    HeaderRejectedError,
    ReadResult,
    read_and_hash,
)
from lora_manager.library.header import HeaderError, SafetensorsHeader
from lora_manager.library.previews import find_preview
from lora_manager.library.sidecars import SidecarFacts, read_sidecars
from lora_manager.library.walk import FoundFile


@dataclass(frozen=True, slots=True)
class FileReading:
    """Everything learned from one read of a model file and its sidecars."""

    file: FoundFile
    result: ReadResult
    facts: AdapterFacts | None
    sidecars: SidecarFacts
    preview: str | None
    sidecar_signature: str

    @property
    def stale_embedded_hash(self) -> str | None:
        """The embedded tensor hash when it disagrees with the recomputed one."""
        if self.facts is None or not self.facts.embedded_tensor_hash:
            return None
        if self.facts.embedded_tensor_hash == self.result.hashes.tensor_sha256:
            return None
        return self.facts.embedded_tensor_hash


@dataclass(frozen=True, slots=True)
class FileRefused:
    """A file that was not registered: broken (`error`) or not an adapter (`skip`)."""

    path: str
    reason: str
    kind: str = "error"


def read_file(file: FoundFile, *, extras: bool = False) -> FileReading | FileRefused:
    """Read and identify one model file; every failure becomes a one-line reason."""
    if file.size == 0:
        return FileRefused(file.path, "the file is empty (0 bytes)")
    path = Path(file.path)
    described: list[AdapterFacts] = []

    def adapters_only(header: SafetensorsHeader) -> bool:
        described.append(describe(header, file_name=path.name))
        return described[0].kind == "adapter"

    try:
        result = read_and_hash(
            path,
            safetensors=file.file_format == "safetensors",
            extras=extras,
            expect=(file.size, file.mtime_ns),
            accept=adapters_only,
        )
    except HeaderRejectedError:
        kind = described[0].kind
        return FileRefused(file.path, f"not a LoRA adapter ({kind})", "skip")
    except HeaderError as error:
        return FileRefused(file.path, f"not a valid safetensors file: {error}")
    except FileChangedError:
        return FileRefused(
            file.path, "the file changed while it was read; the next scan reads it"
        )
    except OSError as error:
        return FileRefused(file.path, f"cannot read: {error.strerror or error}")
    facts = described[0] if described else None
    return FileReading(
        file=file,
        result=result,
        facts=facts,
        sidecars=read_sidecars(path, file.directory.names),
        preview=_preview(file),
        sidecar_signature=file.sidecar_signature(),
    )


def _preview(file: FoundFile) -> str | None:
    found = find_preview(Path(file.path), file.directory.names)
    return None if found is None else str(found)


def reread_sidecars(file: FoundFile) -> tuple[SidecarFacts, str | None, str]:
    """Read only the sidecars and preview of an unchanged model file."""
    sidecars = read_sidecars(Path(file.path), file.directory.names)
    return sidecars, _preview(file), file.sidecar_signature()
