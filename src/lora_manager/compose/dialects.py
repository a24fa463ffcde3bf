"""How each target writes an adapter: names, weights, tokens and LoraLoader chains."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lora_manager.compose.types import (
    BLOCK_GROUPS,
    ComfyLora,
    ComposeOptions,
    StackEntry,
    Target,
)

# A1111 resolves these names through file names only, whatever the alias says.
A1111_FORBIDDEN_ALIASES = frozenset({"none"})
WEIGHT_DECIMALS = 4


def round_weight(value: float) -> float:
    """Round a weight to the precision written in prompts (no negative zero)."""
    return round(value, WEIGHT_DECIMALS) + 0.0


def format_weight(value: float) -> str:
    """Write a weight compactly: `0.8`, `1`, `-0.5`, at most four decimals."""
    text = f"{round_weight(value):.{WEIGHT_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def sdnext_name(file_stem: str) -> str:
    """Name SD.Next registers a file under: the stem with dots made underscores."""
    return file_stem.replace(".", "_")


def unusable_reason(name: str, target: Target) -> str | None:
    """Why `name` cannot be written in a `<lora:…>` token, or None when it can."""
    if not name.strip():
        return "it is empty"
    if ">" in name:
        return "it contains '>', which ends the token"
    if ":" in name:
        return "it contains ':', which separates the arguments"
    # Backends split arguments with split('=', 2): exactly one '=' makes it named.
    if name.count("=") == 1:
        return "it contains '=', which makes it a named argument"
    if target == "sdnext" and name.startswith("/"):
        return "it starts with '/', which SD.Next reads as a path"
    return None


def token_name(
    entry: StackEntry,
    options: ComposeOptions,
    ambiguous_aliases: frozenset[str] = frozenset(),
) -> str:
    """Name the target knows the adapter by (ComfyUI: its path under the root)."""
    target = options.target
    alias = entry.alias if options.name_source == "alias" else None
    if target == "comfyui":
        return entry.relative_path
    if target == "sdnext":
        # SD.Next registers only one name per file: the alias in alias mode.
        return alias or sdnext_name(entry.file_stem)
    if (
        alias
        and alias.lower() not in ambiguous_aliases
        and unusable_reason(alias, target) is None
    ):
        return alias
    # A1111 registers every file under its stem too, so the stem always works.
    return entry.file_stem


def ambiguous_aliases(entries: Sequence[StackEntry]) -> frozenset[str]:
    """Aliases A1111 refuses to resolve: shared by two files, or reserved."""
    counts: dict[str, int] = {}
    for entry in entries:
        if entry.alias:
            key = entry.alias.lower()
            counts[key] = counts.get(key, 0) + 1
    shared = {alias for alias, count in counts.items() if count > 1}
    return frozenset(shared | A1111_FORBIDDEN_ALIASES)


def shadows(
    target: Target,
    entry: StackEntry,
    name: str,
    other: StackEntry,
    other_name: str,
) -> bool:
    """Whether asking the target for `name` (written for `entry`) may load `other`."""
    if target in ("a1111", "forge"):
        # A1111 always loads a file by its own stem (a clashing alias is refused or
        # overwritten), but an alias also answers to other files' stems and aliases.
        if name == entry.file_stem:
            return name == other.file_stem
        return name in (other.file_stem, other.alias)
    return name == other_name


def format_token(
    target: Target,
    name: str,
    te_weight: float,
    unet_weight: float,
    block_weights: Mapping[str, float] | None = None,
) -> str:
    """Write one `<lora:…>` token in the dialect of the target."""
    args = [name]
    if target == "sdnext":
        if te_weight == unet_weight:
            args.append(format_weight(te_weight))
        else:
            args += [
                f"te={format_weight(te_weight)}",
                f"unet={format_weight(unet_weight)}",
            ]
        blocks = block_weights or {}
        args += [
            f"{group}={format_weight(blocks[group])}"
            for group in BLOCK_GROUPS
            if group in blocks
        ]
    else:
        # A1111/Forge: the second positional is the text encoder, the third the UNet.
        args.append(format_weight(te_weight))
        if unet_weight != te_weight:
            args.append(format_weight(unet_weight))
    return f"<lora:{':'.join(args)}>"


def comfy_lora(entry: StackEntry, te_weight: float, unet_weight: float) -> ComfyLora:
    """LoraLoader settings for one adapter (path relative to the LoRA root)."""
    return ComfyLora(
        lora_name=entry.relative_path,
        strength_model=unet_weight,
        strength_clip=te_weight,
    )


def comfyui_graph(
    loras: Sequence[ComfyLora],
    *,
    model: tuple[str, int] = ("4", 0),
    clip: tuple[str, int] = ("4", 1),
    first_node_id: int = 100,
) -> tuple[dict[str, object], tuple[str, int], tuple[str, int]]:
    """Chain LoraLoader nodes (API format); return them and the final model and clip."""
    nodes: dict[str, object] = {}
    for offset, lora in enumerate(loras):
        node_id = str(first_node_id + offset)
        nodes[node_id] = {
            "class_type": "LoraLoader",
            "inputs": {
                "model": [model[0], model[1]],
                "clip": [clip[0], clip[1]],
                "lora_name": lora.lora_name,
                "strength_model": lora.strength_model,
                "strength_clip": lora.strength_clip,
            },
        }
        model, clip = (node_id, 0), (node_id, 1)
    return nodes, model, clip
