"""Shared building blocks of the input models: strict, frozen, slug ids, CIDRs.

A validator's ValueError text is "problem|fix"; the loader shows both halves.
"""

from __future__ import annotations

import re
from typing import Annotated

import netaddr
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_CANONICAL_CIDR = re.compile(rf"({_OCTET}(?:\.{_OCTET}){{3}})/(3[0-2]|[12]?[0-9])")


def _cidr(text: str) -> str:
    """A network in CIDR form with no host bits set; returns it normalised.

    Canonical IPv4 CIDRs (what ledgers hold) are checked without building netaddr objects; anything
    else goes to netaddr, which also words the errors.

    >>> _cidr("10.12.0.0/16")
    '10.12.0.0/16'
    """
    canonical = _CANONICAL_CIDR.fullmatch(text) if isinstance(text, str) else None
    if canonical:
        value = 0
        for octet in canonical[1].split("."):
            value = value << 8 | int(octet)
        if value & ((1 << (32 - int(canonical[2]))) - 1) == 0:
            return text
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
    """An IP address, normalised; canonical dotted quads are returned as they are.

    >>> _address("10.1.0.9"), _address("::ffff:10.1.0.9")
    ('10.1.0.9', '::ffff:10.1.0.9')
    """
    if isinstance(text, str) and _CANONICAL_IPV4.fullmatch(text):
        return text
    try:
        return str(netaddr.IPAddress(text))
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise ValueError(f"'{text}' is not an IP address|write it like 10.12.3.4") from exc


Cidr = Annotated[str, AfterValidator(_cidr)]
Address = Annotated[str, AfterValidator(_address)]


class Frozen(BaseModel):
    """Base of every input model: unknown keys are errors, nothing changes after load."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
