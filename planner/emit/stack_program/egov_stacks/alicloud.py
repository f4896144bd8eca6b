"""Alibaba Cloud builders: VPC, vSwitches, security groups, ECS, NAT gateway + EIPs, VPN gateway.

Resources (logical names come from plan ids only, so they are stable across waves):

    vpc.Network          vpc-<cloud>                  the domain's VPC (covers the landing zones)
    vpc.Switch           edge-<cloud>                 a /28 for the NAT and VPN gateways
    vpc.Switch           subnet-<department>          the landing zone, on the department's block
    ecs.SecurityGroup    sg-<system>
    ecs.SecurityGroupRule in-<system>-from-<source>-<port> / in-<system>-internet-<port>
    ecs.Instance         vm-<system>                  sized by instance_sizing.size_for
    vpc.NatGateway       natgw-<platform>
    ecs.EipAddress       eip-<platform>-<carrier>     SNAT pool;  eip-<platform>-<system>-<carrier> DNAT
    ecs.EipAssociation   <eip name>-assoc
    vpc.SnatEntry        snat-<platform>-<department>
    vpc.ForwardEntry     dnat-<platform>-<system>-<port>-<carrier>
    vpn.Gateway          vpngw-<cloud>
    vpn.CustomerGateway  cgw-<network>;  vpn.Connection  vpn-<network>

Tags carry planner:department / planner:wave (/ planner:system); resources without tags carry
the same trace in their description or name.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import cast

import pulumi

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from pulumi_alicloud import ecs, vpc, vpn

from .common import Placed, TargetBase
from .instance_sizing import data_disks_gib, size_for
from .plan_data import (
    SHARED,
    DnatSpec,
    IngressSpec,
    InterconnectSpec,
    LandingZoneSpec,
    PlatformSpec,
    SnatSpec,
    SystemSpec,
    Trace,
)

ISP = {"telecom": "ChinaTelecom", "unicom": "ChinaUnicom", "mobile": "ChinaMobile"}


class Alicloud(TargetBase):
    """The :class:`~.common.Target` of Alibaba Cloud: the resources listed above."""

    # ------------------------------------------------------------------ core

    def build_core(self, opts: pulumi.ResourceOptions | None = None) -> None:
        v = self.view
        trace = Trace(SHARED, v.core_wave or v.wave)
        self.core["vpc"] = vpc.Network(
            self.name_of(f"vpc-{v.cloud}"), vpc_name=f"{v.cloud}", cidr_block=v.vpc_cidr,
            description=f"{v.domain} VPC of {v.cloud}", tags=trace.tags(), opts=opts)
        self.core["edge"] = vpc.Switch(
            self.name_of(f"edge-{v.cloud}"), vpc_id=self.core["vpc"].id, cidr_block=v.edge_cidr,
            zone_id=self.settings.zone, vswitch_name=f"edge-{v.cloud}",
            description="NAT and VPN gateways", tags=trace.tags(), opts=opts)

    # ------------------------------------------------------------------ landing zone

    def subnet(self, zone: LandingZoneSpec, opts: pulumi.ResourceOptions) -> vpc.Switch:
        return vpc.Switch(
            self.name_of(f"subnet-{zone.department}"), vpc_id=self.core["vpc"].id, cidr_block=zone.prefix,
            zone_id=self.settings.zone, vswitch_name=f"lz-{zone.department}",
            description=f"landing zone of {zone.department}", tags=zone.trace.tags(), opts=opts)

    def security_group(self, system: SystemSpec, opts: pulumi.ResourceOptions) -> ecs.SecurityGroup:
        return ecs.SecurityGroup(
            self.name_of(f"sg-{system.id}"), vpc_id=self.core["vpc"].id, security_group_name=f"sg-{system.id}",
            description=f"ingress of {system.id}: plan flows and published ports only",
            tags=system.trace.tags(), opts=opts)

    def ingress_rule(self, rule: IngressSpec, group: pulumi.CustomResource,
                     opts: pulumi.ResourceOptions) -> None:
        ecs.SecurityGroupRule(
            self.name_of(rule.name), type="ingress", ip_protocol="tcp", nic_type="intranet", policy="accept",
            port_range=f"{rule.port}/{rule.port}", priority=1, security_group_id=group.id, cidr_ip=rule.cidr,
            description=f"{rule.source} -> {rule.system} tcp/{rule.port} {rule.trace.text()}", opts=opts)

    def instance(self, system: SystemSpec, subnet: pulumi.CustomResource, group: pulumi.CustomResource,
                 opts: pulumi.ResourceOptions) -> Placed:
        size = size_for(system.vcpu, system.memory_gb)
        disks = [ecs.InstanceDataDiskArgs(name=f"{system.id}-data-{i}", size=gib, category="cloud_essd", encrypted=True)
                 for i, gib in enumerate(data_disks_gib(system.storage_tb))]
        vm = ecs.Instance(
            self.name_of(f"vm-{system.id}"), instance_name=system.id, instance_type=size.alicloud,
            image_id=self.settings.image, vswitch_id=subnet.id, security_groups=[group.id],
            system_disk_category="cloud_essd", system_disk_size=40, data_disks=disks,
            internet_max_bandwidth_out=0, deletion_protection=True,
            description=f"{system.name} ({size.vcpu} vCPU / {size.memory_gib} GiB)",
            tags=system.trace.tags(), volume_tags=system.trace.tags(), opts=opts)
        return Placed(vm, vm.private_ip)

    # ------------------------------------------------------------------ exit platform

    def platform_gateway(self, platform: PlatformSpec, opts: pulumi.ResourceOptions) -> vpc.NatGateway:
        return vpc.NatGateway(
            self.name_of(f"natgw-{platform.slug}"), vpc_id=self.core["vpc"].id, vswitch_id=self.core["edge"].id,
            nat_type="Enhanced", payment_type="PayAsYouGo", nat_gateway_name=f"exit-{platform.slug}",
            description=f"exit platform {platform.id}", tags=Trace(SHARED, platform.wave).tags(), opts=opts)

    def public_address(self, platform: PlatformSpec, key: str, carrier: str, trace: Trace,
                       gateway: pulumi.CustomResource, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        pool = self.settings.ip_pools.get(platform.id)
        eip = ecs.EipAddress(
            self.name_of(f"eip-{key}"), address_name=f"{key}", isp=ISP.get(carrier, "BGP"),
            bandwidth=str(int(platform.bandwidth_mbps) or 100), internet_charge_type="PayByBandwidth",
            payment_type="PayAsYouGo", public_ip_address_pool_id=pool,
            description=f"exit platform {platform.id} {carrier}", tags=trace.tags(), opts=opts)
        ecs.EipAssociation(self.name_of(f"eip-{key}-assoc"), allocation_id=eip.id, instance_id=gateway.id,
                           instance_type="Nat", opts=opts)
        return eip.ip_address

    def snat_addresses(self, platform: PlatformSpec, gateway: pulumi.CustomResource,
                       opts: pulumi.ResourceOptions) -> list[pulumi.Output[str]]:
        trace = Trace(SHARED, platform.wave)
        return [self.public_address(platform, f"{platform.slug}-{c}", c, trace, gateway, opts)
                for c in platform.carriers]

    def snat(self, platform: PlatformSpec, entry: SnatSpec, gateway: pulumi.CustomResource,
             addresses: list[pulumi.Output[str]], subnets: Mapping[str, pulumi.CustomResource],
             opts: pulumi.ResourceOptions) -> None:
        trace, nat = Trace(entry.department, entry.wave), _nat(gateway)
        vpc.SnatEntry(
            self.name_of(f"snat-{platform.slug}-{entry.department}"), snat_table_id=nat.snat_table_ids,
            source_cidr=entry.cidr, snat_ip=pulumi.Output.all(*addresses).apply(lambda ips: ",".join(ips)),
            snat_entry_name=trace.text(), opts=opts)

    def dnat(self, platform: PlatformSpec, entry: DnatSpec, carrier: str, gateway: pulumi.CustomResource,
             address: pulumi.Output[str], placed: Placed, opts: pulumi.ResourceOptions) -> None:
        trace, nat = Trace(entry.department, entry.wave, entry.system), _nat(gateway)
        vpc.ForwardEntry(
            self.name_of(f"dnat-{platform.slug}-{entry.system}-{entry.port}-{carrier}"),
            forward_table_id=nat.forward_table_ids, external_ip=address, external_port=str(entry.port),
            internal_ip=placed.private_ip, internal_port=str(entry.port), ip_protocol="tcp",
            forward_entry_name=trace.text(), opts=opts)

    # ------------------------------------------------------------------ interconnection

    def interconnect_gateway(self, trace: Trace, opts: pulumi.ResourceOptions) -> vpn.Gateway:
        return vpn.Gateway(
            self.name_of(f"vpngw-{self.view.cloud}"), vpc_id=self.core["vpc"].id, vswitch_id=self.core["edge"].id,
            bandwidth=int(self.settings.vpn_bandwidth), enable_ipsec=True, enable_ssl=False,
            payment_type="Subscription", vpn_gateway_name=f"interconnect-{self.view.cloud}",
            description="to the networks consolidated into this domain", tags=trace.tags(), opts=opts)

    def interconnect_network(self, spec: InterconnectSpec, gateway: pulumi.CustomResource, local: list[str],
                             opts: pulumi.ResourceOptions) -> None:
        peer = self.settings.peers.get(spec.network, spec.peer_ip)
        customer = vpn.CustomerGateway(
            self.name_of(f"cgw-{spec.network}"), ip_address=peer, customer_gateway_name=f"{spec.network}",
            description=f"border router of {spec.network}", tags=spec.trace.tags(), opts=opts)
        vpn.Connection(
            self.name_of(f"vpn-{spec.network}"), vpn_gateway_id=gateway.id, customer_gateway_id=customer.id,
            local_subnets=local, remote_subnets=list(spec.prefixes), effect_immediately=True,
            vpn_connection_name=f"{spec.network}",
            ike_config=vpn.ConnectionIkeConfigArgs(ike_version="ikev2", psk=self.vpn_psk),
            tags=spec.trace.tags(), opts=opts)


def _nat(gateway: pulumi.CustomResource) -> vpc.NatGateway:
    """The gateway an exit platform hands back: the NAT gateway `platform_gateway` made, with its tables."""
    return cast(vpc.NatGateway, gateway)
