"""Shared building blocks of the input models: strict, frozen, slug ids, CIDRs.

A validator's ValueError text is "problem|fix"; the loader shows both halves.
"""

from __future__ import annotations

from typing import Annotated

import netaddr
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


def _cidr(text: str) -> str:
    """A network in CIDR form with no host bits set; returns it normalised.

    >>> _cidr("10.12.0.0/16")
    '10.12.0.0/16'
    """
    try:
        net = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise ValueError(f"'{text}' is not a CIDR|write it like 10.12.0.0/16") from exc
    if "/" not in str(text):
        raise ValueError(f"'{text}' has no prefix length|write it as {net.ip}/32, or the whole network")
    if net.ip != net.network:
        raise ValueError(f"'{text}' has host bits set|write the network, {net.cidr}")
    return str(net.cidr)


def _address(text: str) -> str:
    try:
        return str(netaddr.IPAddress(text))
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise ValueError(f"'{text}' is not an IP address|write it like 10.12.3.4") from exc


Cidr = Annotated[str, AfterValidator(_cidr)]
Address = Annotated[str, AfterValidator(_address)]


class Frozen(BaseModel):
    """Base of every input model: unknown keys are errors, nothing changes after load."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
