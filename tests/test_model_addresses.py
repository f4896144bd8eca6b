"""The canonical-IPv4 fast paths of the model validators agree with netaddr on every input."""

from __future__ import annotations

import netaddr
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.model.base import _address, _cidr


def by_netaddr_address(text: str) -> str | None:
    try:
        return str(netaddr.IPAddress(text))
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None


def by_netaddr_cidr(text: str) -> str | None:
    try:
        net = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None
    return str(net.cidr) if "/" in text and net.ip == net.network else None


def ours(validator, text: str) -> str | None:
    try:
        return validator(text)
    except ValueError:
        return None


OCTET = st.one_of(st.integers(0, 255).map(str), st.sampled_from(["256", "01", "00", "1a", "", "-1", "999"]))
DOTTED = st.lists(OCTET, min_size=3, max_size=5).map(".".join)


@given(text=DOTTED)
def test_addresses_agree_with_netaddr(text):
    assert ours(_address, text) == by_netaddr_address(text)


@given(address=st.integers(0, 2**32 - 1), prefix=st.one_of(st.integers(0, 32).map(str), st.sampled_from(["33", "08", ""])))
def test_cidrs_agree_with_netaddr(address, prefix):
    text = f"{netaddr.IPAddress(address)}/{prefix}"
    assert ours(_cidr, text) == by_netaddr_cidr(text)


@given(address=st.integers(0, 2**32 - 1), length=st.integers(0, 32))
def test_every_network_address_is_accepted_as_written(address, length):
    text = str(netaddr.IPNetwork(f"{netaddr.IPAddress(address)}/{length}").cidr)
    assert _cidr(text) == text


@pytest.mark.parametrize("text", ["10.12.0.1/16", "10.12.0.0/33", "10.12.0.0", "fe80::/10", "10.012.0.0/16"])
def test_non_canonical_or_wrong_cidrs_go_through_netaddr(text):
    assert ours(_cidr, text) == by_netaddr_cidr(text)
