"""Named delivery targets: DELIVERY_TARGETS and SDNEXT_URL, plus stored ones.

Also the allow-list of hosts that inline targets may reach.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from lora_manager.core.config import Settings
from lora_manager.core.errors import (
    AppError,
    ConflictError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
)
from lora_manager.deliveries.repository import DeliveryTargetRepository
from lora_manager.deliveries.schemas import TargetCreate, TargetName, TargetSpec
from lora_manager.models import DeliveryTarget

SDNEXT_TARGET = "sdnext"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_NAME: TypeAdapter[str] = TypeAdapter(TargetName)


class TargetConfigError(AppError):
    """An entry of DELIVERY_TARGETS is not a valid target (the message says why)."""

    status = 500
    code = "delivery-targets-misconfigured"


@dataclass(frozen=True)
class NamedTarget:
    """A target users refer to by name, and where it is defined."""

    name: str
    spec: TargetSpec
    source: Literal["settings", "database"]


def configured_targets(settings: Settings) -> dict[str, TargetSpec]:
    """Targets from settings: DELIVERY_TARGETS, and `sdnext` from SDNEXT_URL."""
    targets: dict[str, TargetSpec] = {}
    if settings.sdnext_url:
        targets[SDNEXT_TARGET] = _spec(
            SDNEXT_TARGET, {"kind": "sdapi", "url": settings.sdnext_url}, "SDNEXT_URL"
        )
    for name, config in settings.delivery_targets.items():
        targets[name] = _spec(name, config, "DELIVERY_TARGETS")
    return targets


def _spec(name: str, config: dict[str, Any], setting: str) -> TargetSpec:
    try:
        _NAME.validate_python(name)
        return TargetSpec.model_validate(config)
    except ValidationError as error:
        reason = error.errors()[0]["msg"]
        raise TargetConfigError(
            f"Delivery target {name!r} in {setting} is not valid: {reason}."
        ) from None


def _stored(target: DeliveryTarget) -> NamedTarget:
    spec = TargetSpec.model_validate({"kind": target.kind, **target.config})
    return NamedTarget(target.name, spec, "database")


def list_targets(session: Session, settings: Settings) -> list[NamedTarget]:
    """Every named target, settings first (they win a name clash), by name."""
    found = {
        name: NamedTarget(name, spec, "settings")
        for name, spec in configured_targets(settings).items()
    }
    for target in DeliveryTargetRepository(session).all():
        found.setdefault(target.name, _stored(target))
    return sorted(found.values(), key=lambda t: t.name)


def find_target(session: Session, settings: Settings, name: str) -> NamedTarget | None:
    """Return the named target, or None."""
    configured = configured_targets(settings)
    if name in configured:
        return NamedTarget(name, configured[name], "settings")
    stored = DeliveryTargetRepository(session).get_by_name(name)
    return _stored(stored) if stored else None


def create_target(
    session: Session, settings: Settings, body: TargetCreate
) -> NamedTarget:
    """Store a named target (its name must be new)."""
    if find_target(session, settings, body.name) is not None:
        raise ConflictError(f"A delivery target named {body.name!r} already exists.")
    spec = TargetSpec.model_validate(body.model_dump(exclude={"name"}))
    check_api_defined(session, settings, spec, loc=["body"], stored=True)
    config = spec.model_dump(exclude={"kind"}, exclude_none=True)
    DeliveryTargetRepository(session).add(
        DeliveryTarget(name=body.name, kind=spec.kind, config=config)
    )
    return NamedTarget(body.name, spec, "database")


def delete_target(session: Session, settings: Settings, name: str) -> None:
    """Forget a stored target (settings-defined ones change with the settings)."""
    if name in configured_targets(settings):
        raise ConflictError(
            f"Delivery target {name!r} is defined in the settings "
            "(DELIVERY_TARGETS or SDNEXT_URL); change it there."
        )
    repo = DeliveryTargetRepository(session)
    stored = repo.get_by_name(name)
    if stored is None:
        raise NotFoundError(f"Delivery target {name!r} does not exist.")
    repo.delete(stored)


def check_api_defined(
    session: Session,
    settings: Settings,
    spec: TargetSpec,
    *,
    loc: list[str | int],
    stored: bool = False,
) -> None:
    """Refuse targets an API request may not define: commands, hosts not allowed.

    Stored targets may reach any host unless DELIVERY_ALLOWED_HOSTS is set (they
    then extend the default allow-list, as the operator's choice).
    """
    if spec.kind == "cli" and not settings.delivery_allow_api_cli:
        raise _invalid(
            loc + ["kind"],
            "CLI targets run commands on the workers, so only DELIVERY_TARGETS may "
            "define them (or set DELIVERY_ALLOW_API_CLI=true).",
        )
    host = spec.host
    if host is None or (stored and not settings.delivery_allowed_hosts):
        return
    patterns = allowed_hosts(session, settings)
    if not host_allowed(host, patterns):
        raise _invalid(
            loc + ["url"],
            f"Host {host!r} is not an allowed delivery host (allowed: "
            f"{', '.join(patterns[:10])}); see DELIVERY_ALLOWED_HOSTS.",
        )


def allowed_hosts(session: Session, settings: Settings) -> list[str]:
    """DELIVERY_ALLOWED_HOSTS, or by default loopback and the named targets' hosts."""
    if settings.delivery_allowed_hosts:
        return [h.lower() for h in settings.delivery_allowed_hosts]
    named = [t.spec.host for t in list_targets(session, settings) if t.spec.host]
    return list(dict.fromkeys([*LOOPBACK_NAMES, *named]))


def host_allowed(host: str, patterns: list[str]) -> bool:
    """Match a host against names, `*.suffix` wildcards and `*` (anything)."""
    host = host.lower().strip("[]")
    for pattern in patterns:
        if pattern == "*" or pattern == host:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    if "127.0.0.1" in patterns:  # the loopback network, not just one address
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return False


def _invalid(loc: list[str | int], message: str) -> InvalidInputError:
    return InvalidInputError(
        message, errors=[FieldProblem(loc=loc, msg=message, type="value_error")]
    )
