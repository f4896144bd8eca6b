"""Instance sizing: a system's planned vCPU / memory -> one instance type, deterministically.

The table (same shape on both targets, so a plan sizes the same everywhere):

    family  GiB per vCPU  chosen when memory/vCPU is   alicloud       openstack flavor
    c       2             <= 2                          ecs.c7.<size>  egov.c.<size>
    g       4             <= 4                          ecs.g7.<size>  egov.g.<size>
    r       8             > 4                           ecs.r7.<size>  egov.r.<size>

    size      large  xlarge  2xlarge  4xlarge  8xlarge  16xlarge
    vCPU      2      4       8        16       32       64

The size is the smallest whose vCPU covers both the planned vCPU and memory / (GiB per vCPU);
beyond 64 vCPU the largest size is used (`oversize` says so: split the system or size by hand).
Storage becomes data disks of at most 32,768 GiB each (alicloud's per-disk limit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FAMILIES: tuple[tuple[str, int], ...] = (("c", 2), ("g", 4), ("r", 8))
SIZES: tuple[tuple[int, str], ...] = (
    (2, "large"), (4, "xlarge"), (8, "2xlarge"), (16, "4xlarge"), (32, "8xlarge"), (64, "16xlarge"),
)
MAX_DISK_GIB = 32768


@dataclass(frozen=True)
class Size:
    family: str
    vcpu: int
    memory_gib: int
    suffix: str
    oversize: bool = False

    @property
    def alicloud(self) -> str:
        return f"ecs.{self.family}7.{self.suffix}"

    @property
    def openstack(self) -> str:
        return f"egov.{self.family}.{self.suffix}"


def size_for(vcpu: float, memory_gb: float) -> Size:
    """The instance size for a system's planned resources.

    >>> size_for(16, 64).alicloud
    'ecs.g7.4xlarge'
    >>> size_for(4, 32).openstack   # 8 GiB per vCPU: memory-optimised, 4 vCPU / 32 GiB
    'egov.r.xlarge'
    >>> size_for(2, 40).alicloud    # memory decides: 40 GiB needs 8 vCPU of family r (64 GiB)
    'ecs.r7.2xlarge'
    >>> size_for(0, 0).alicloud     # an unsized system gets the smallest compute size
    'ecs.c7.large'
    >>> size_for(128, 256).oversize
    True
    """
    cpus = max(float(vcpu), 1.0)
    ratio = float(memory_gb) / cpus
    family, per_vcpu = next(((f, g) for f, g in FAMILIES if ratio <= g), FAMILIES[-1])
    need = max(cpus, float(memory_gb) / per_vcpu)
    for size_vcpu, suffix in SIZES:
        if size_vcpu >= need - 1e-9:
            return Size(family, size_vcpu, size_vcpu * per_vcpu, suffix)
    size_vcpu, suffix = SIZES[-1]
    return Size(family, size_vcpu, size_vcpu * per_vcpu, suffix, oversize=True)


def data_disks_gib(storage_tb: float) -> list[int]:
    """Data disk sizes (GiB) for a system's planned storage.

    >>> data_disks_gib(0)
    []
    >>> data_disks_gib(2.0)
    [2048]
    >>> data_disks_gib(40)
    [32768, 8192]
    """
    total = math.ceil(float(storage_tb) * 1024)
    disks = []
    while total > 0:
        disks.append(min(total, MAX_DISK_GIB))
        total -= MAX_DISK_GIB
    return disks
