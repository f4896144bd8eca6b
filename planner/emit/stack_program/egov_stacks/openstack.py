"""OpenStack builders: network, subnets, router, security groups, ports, instances, floating IPs.

Resources (logical names come from plan ids only, so they are stable across waves):

    networking.Network          net-<cloud>                   the domain's network
    networking.Router           router-<cloud>                joins landing zones and transit networks
    networking.Subnet           subnet-<department>           the landing zone, on the department's block
    networking.RouterInterface  rif-<department>
    networking.SecGroup         sg-<system>
    networking.SecGroupRule     in-<system>-from-<source>-<port> / in-<system>-internet-<port>
    networking.Port             port-<system>
    compute.Instance            vm-<system>                   flavor from instance_sizing.size_for
    networking.Router           router-<platform>             external gateway with SNAT
    networking.Port + RouterInterface  snatport-/snatif-<platform>-<department>
    networking.FloatingIp       fip-<platform>-<system>-<carrier>
    networking.PortForwardingV2 dnat-<platform>-<system>-<port>-<carrier>
    networking.Network + Subnet + RouterInterface  transit-<network>[-<i>[-rif]]

Tags are "planner:key=value" strings (instances also carry them as metadata); rules and port
forwardings carry the trace in their description; router interfaces inherit the trace of the
subnet or port they attach.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

import pulumi
from pulumi_openstack import compute, networking

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


def tag_list(trace: Trace) -> list[str]:
    return [f"{k}={v}" for k, v in trace.tags().items()]


class Openstack(TargetBase):
    """The :class:`~.common.Target` of OpenStack: the resources listed above."""

    # ------------------------------------------------------------------ core

    def build_core(self, opts: pulumi.ResourceOptions | None = None) -> None:
        v = self.view
        trace = Trace(SHARED, v.core_wave or v.wave)
        self.core["network"] = networking.Network(
            self.name_of(f"net-{v.cloud}"), name=f"{v.cloud}", description=f"{v.domain} network of {v.cloud}",
            admin_state_up=True, tags=tag_list(trace), opts=opts)
        self.core["router"] = networking.Router(
            self.name_of(f"router-{v.cloud}"), name=f"{v.cloud}", description="landing zones and transit networks",
            admin_state_up=True, tags=tag_list(trace), opts=opts)

    # ------------------------------------------------------------------ landing zone

    def subnet(self, zone: LandingZoneSpec, opts: pulumi.ResourceOptions) -> networking.Subnet:
        subnet = networking.Subnet(
            self.name_of(f"subnet-{zone.department}"), network_id=self.core["network"].id, cidr=zone.prefix,
            ip_version=4, name=f"lz-{zone.department}", description=f"landing zone of {zone.department}",
            tags=tag_list(zone.trace), opts=opts)
        networking.RouterInterface(self.name_of(f"rif-{zone.department}"), router_id=self.core["router"].id,
                                   subnet_id=subnet.id, opts=opts)
        return subnet

    def security_group(self, system: SystemSpec, opts: pulumi.ResourceOptions) -> networking.SecGroup:
        return networking.SecGroup(
            self.name_of(f"sg-{system.id}"), name=f"sg-{system.id}",
            description=f"ingress of {system.id}: plan flows and published ports only",
            tags=tag_list(system.trace), opts=opts)

    def ingress_rule(self, rule: IngressSpec, group: pulumi.CustomResource,
                     opts: pulumi.ResourceOptions) -> None:
        networking.SecGroupRule(
            self.name_of(rule.name), direction="ingress", ethertype="IPv4", protocol="tcp",
            port_range_min=rule.port, port_range_max=rule.port, remote_ip_prefix=rule.cidr,
            security_group_id=group.id,
            description=f"{rule.source} -> {rule.system} tcp/{rule.port} {rule.trace.text()}", opts=opts)

    def instance(self, system: SystemSpec, subnet: pulumi.CustomResource, group: pulumi.CustomResource,
                 opts: pulumi.ResourceOptions) -> Placed:
        size = size_for(system.vcpu, system.memory_gb)
        port = networking.Port(
            self.name_of(f"port-{system.id}"), network_id=self.core["network"].id, name=f"{system.id}",
            fixed_ips=[networking.PortFixedIpArgs(subnet_id=subnet.id)], security_group_ids=[group.id],
            tags=tag_list(system.trace), opts=opts)
        disks = [compute.InstanceBlockDeviceArgs(uuid=self.settings.image, source_type="image",
                                                 destination_type="local", boot_index=0, delete_on_termination=True)]
        disks += [compute.InstanceBlockDeviceArgs(source_type="blank", destination_type="volume", volume_size=gib,
                                                  boot_index=-1, delete_on_termination=False)
                  for gib in data_disks_gib(system.storage_tb)]
        vm = compute.Instance(
            self.name_of(f"vm-{system.id}"), name=system.id, flavor_name=size.openstack, image_id=self.settings.image,
            networks=[compute.InstanceNetworkArgs(port=port.id)], block_devices=disks,
            metadata=system.trace.tags(), tags=tag_list(system.trace), opts=opts)
        private_ip = port.all_fixed_ips.apply(lambda ips: ips[0] if ips else "")
        return Placed(vm, private_ip, port.id)

    # ------------------------------------------------------------------ exit platform

    def platform_gateway(self, platform: PlatformSpec, opts: pulumi.ResourceOptions) -> networking.Router:
        external = self.settings.external_networks.get(platform.carriers[0], "CHANGE-ME")
        return networking.Router(
            self.name_of(f"router-{platform.slug}"), name=f"exit-{platform.slug}", external_network_id=external,
            enable_snat=True, description=f"exit platform {platform.id}",
            tags=tag_list(Trace(SHARED, platform.wave)), opts=opts)

    def public_address(self, platform: PlatformSpec, key: str, carrier: str, trace: Trace,
                       gateway: pulumi.CustomResource, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        fip = networking.FloatingIp(
            self.name_of(f"fip-{key}"), pool=self.settings.floating_pools.get(carrier, f"ext-{carrier}"),
            description=f"exit platform {platform.id} {carrier}", tags=tag_list(trace), opts=opts)
        return fip.id

    def snat_addresses(self, platform: PlatformSpec, gateway: pulumi.CustomResource,
                       opts: pulumi.ResourceOptions) -> list[pulumi.Output[str]]:
        return []  # the platform router's external gateway does the SNAT

    def snat(self, platform: PlatformSpec, entry: SnatSpec, gateway: pulumi.CustomResource,
             addresses: list[pulumi.Output[str]], subnets: Mapping[str, pulumi.CustomResource],
             opts: pulumi.ResourceOptions) -> None:
        if entry.landing_zone_wave is None or entry.department not in subnets:
            return  # the department's traffic reaches this router through its landing zone only
        trace = Trace(entry.department, max(entry.wave, entry.landing_zone_wave))
        port = networking.Port(
            self.name_of(f"snatport-{platform.slug}-{entry.department}"), network_id=self.core["network"].id,
            name=f"snat-{platform.slug}-{entry.department}",
            fixed_ips=[networking.PortFixedIpArgs(subnet_id=subnets[entry.department].id)],
            tags=tag_list(trace), opts=opts)
        networking.RouterInterface(self.name_of(f"snatif-{platform.slug}-{entry.department}"),
                                   router_id=gateway.id, port_id=port.id, opts=opts)

    def dnat(self, platform: PlatformSpec, entry: DnatSpec, carrier: str, gateway: pulumi.CustomResource,
             address: pulumi.Output[str], placed: Placed, opts: pulumi.ResourceOptions) -> None:
        trace = Trace(entry.department, entry.wave, entry.system)
        networking.PortForwardingV2(
            self.name_of(f"dnat-{platform.slug}-{entry.system}-{entry.port}-{carrier}"),
            floatingip_id=address, external_port=entry.port, internal_port=entry.port,
            internal_port_id=placed.port_id, internal_ip_address=placed.private_ip, protocol="tcp",
            description=trace.text(), opts=opts)

    # ------------------------------------------------------------------ interconnection

    def interconnect_gateway(self, trace: Trace, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        return self.core["router"]  # the landing zones' router routes the transit networks too

    def interconnect_network(self, spec: InterconnectSpec, gateway: pulumi.CustomResource, local: list[str],
                             opts: pulumi.ResourceOptions) -> None:
        transit = networking.Network(
            self.name_of(f"transit-{spec.network}"), name=f"transit-{spec.network}", admin_state_up=True,
            description=f"provider link to consolidated network {spec.network}", tags=tag_list(spec.trace), opts=opts)
        for i, prefix in enumerate(spec.prefixes):
            # The network's border router keeps the first host (spec.peer_ip); ours takes the last.
            net = ipaddress.ip_network(prefix)
            last = str(net.broadcast_address - 1) if net.num_addresses > 2 else str(net.network_address)
            subnet = networking.Subnet(
                self.name_of(f"transit-{spec.network}-{i}"), network_id=transit.id, cidr=prefix, ip_version=4,
                gateway_ip=last, enable_dhcp=False, name=f"transit-{spec.network}-{i}",
                tags=tag_list(spec.trace), opts=opts)
            networking.RouterInterface(self.name_of(f"transit-{spec.network}-{i}-rif"), router_id=gateway.id,
                                       subnet_id=subnet.id, opts=opts)
