package io.olimpus.model.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.network.Attachment;
import io.olimpus.model.network.DerivedNetwork;
import io.olimpus.model.network.DerivedNetworks;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenStack Heat (HOT) template of a slice, for {@code openstack stack create -t FILE NAME}:
 * one Neutron network and subnet per network the drawing implies (as the deploy derives them), one
 * port per VM interface in the VM's link order, and one Nova server per VM. Subnets are numbered
 * from the {@code subnet_pool_prefix} parameter (10.50 by default: 10.50.1.0/24, 10.50.2.0/24, ...)
 * and have no gateway, like the isolated lab networks of a deploy. VMs without an image or flavor
 * take the {@code default_image}/{@code default_flavor} parameters. Olimpus zones are not OpenStack
 * availability zones (an Olimpus zone named "golden" may stand for a whole cloud), so servers take
 * their availability zone from the {@code availability_zone} parameter, empty by default (Nova
 * picks); a design whose VMs sit in several Olimpus zones gets one parameter per zone. Export only.
 */
final class HeatFormat {
    static final String VERSION = "2018-08-31";
    static final int MAX_NETWORKS = 254;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HeatFormat() {}

    static LabExport write(TopologyDocument doc, ImageMapping mapping) {
        Topology t = doc.topology();
        List<ExchangeNote> report = new ArrayList<>();
        ObjectNode root = F.objectNode();
        root.put("heat_template_version", VERSION);
        root.put("description", "Olimpus slice " + t.name() + ": " + t.vms().size() + " VMs");
        ObjectNode params = root.putObject("parameters");
        ObjectNode prefix = params.putObject("subnet_pool_prefix");
        prefix.put("type", "string");
        prefix.put("default", "10.50");
        prefix.put("description", "First two octets of the lab subnets; network k gets <prefix>.k.0/24");
        ObjectNode resources = root.putObject("resources");

        DerivedNetworks nets = NetworkDeriver.derive(t);
        if (nets.size() > MAX_NETWORKS)
            report.add(new ExchangeNote("slice " + t.name(), nets.size() + " networks; the template numbers at most " + MAX_NETWORKS
                    + " /24 subnets in one /16, the rest are left out"));
        Map<String, String> netResource = new HashMap<>();
        int k = 0;
        for (DerivedNetwork net : nets.all()) {
            if (++k > MAX_NETWORKS) break;
            String r = "net_" + resourceName(net.name()) + "_" + k;
            netResource.put(net.id(), r);
            ObjectNode n = resources.putObject(r);
            n.put("type", "OS::Neutron::Net");
            n.putObject("properties").put("name", t.name() + "-" + net.name());
            ObjectNode s = resources.putObject(r + "_subnet");
            s.put("type", "OS::Neutron::Subnet");
            ObjectNode sp = s.putObject("properties");
            sp.putObject("network").put("get_resource", r);
            ArrayNode join = sp.putObject("cidr").putArray("list_join");
            join.add("");
            ArrayNode parts = join.addArray();
            parts.addObject().put("get_param", "subnet_pool_prefix");
            parts.add("." + k + ".0/24");
            sp.putNull("gateway_ip");
            sp.put("enable_dhcp", true);
        }

        Map<String, String> zoneParams = zoneParameters(t);
        for (String param : new LinkedHashSet<>(zoneParams.values())) {
            List<String> zones = zoneParams.entrySet().stream().filter(e -> e.getValue().equals(param) && !e.getKey().isEmpty()).map(Map.Entry::getKey).toList();
            ObjectNode az = params.putObject(param);
            az.put("type", "string");
            az.put("default", "");
            az.put("description", "Nova availability zone of the servers" + (zones.isEmpty() ? "" : " of Olimpus zone " + zones.get(0))
                    + "; empty lets Nova pick");
        }
        zoneParams.forEach((zone, param) -> {
            if (!zone.isEmpty())
                report.add(new ExchangeNote("zone " + zone, "an Olimpus zone, not an OpenStack availability zone; its servers take the parameter "
                        + param + " (empty by default: Nova picks)"));
        });

        boolean needImage = false, needFlavor = false;
        for (Node vm : t.vms()) {
            VmSpec spec = vm.vm();
            String element = "node " + vm.name();
            String server = "server_" + resourceName(vm.name());
            ArrayNode networks = F.arrayNode();
            int nic = 0;
            for (Attachment a : nets.nicsOf(vm.id())) {
                String net = nets.ofLink(a.linkId()).map(DerivedNetwork::id).map(netResource::get).orElse(null);
                if (net == null) continue;
                String port = server + "_port" + (nic++);
                ObjectNode p = resources.putObject(port);
                p.put("type", "OS::Neutron::Port");
                ObjectNode pp = p.putObject("properties");
                pp.putObject("network").put("get_resource", net);
                pp.putArray("fixed_ips").addObject().putObject("subnet").put("get_resource", net + "_subnet");
                networks.addObject().putObject("port").put("get_resource", port);
            }
            ObjectNode s = resources.putObject(server);
            s.put("type", "OS::Nova::Server");
            ObjectNode sp = s.putObject("properties");
            sp.put("name", vm.name());
            if (spec.image() != null) sp.put("image", mapping.exported(spec.image()));
            else {
                sp.putObject("image").put("get_param", "default_image");
                needImage = true;
                report.add(new ExchangeNote(element, "has no image; the template uses the parameter default_image"));
            }
            if (spec.flavor() != null) sp.put("flavor", spec.flavor());
            else {
                sp.putObject("flavor").put("get_param", "default_flavor");
                needFlavor = true;
                report.add(new ExchangeNote(element, "has no flavor" + (spec.requirement() == null ? "" : " (needs " + spec.requirement().vcpus() + " vCPU, "
                        + spec.requirement().ramMb() + " MB)") + "; the template uses the parameter default_flavor"));
            }
            sp.putObject("availability_zone").put("get_param", zoneParams.get(zoneOf(t, vm)));
            if (networks.isEmpty()) report.add(new ExchangeNote(element, "has no links; OpenStack attaches it to the project's default network, if any"));
            else sp.set("networks", networks);
            if (spec.internet()) report.add(new ExchangeNote(element, "internet access is not carried; add a router to your external network"));
        }
        if (needImage) params.putObject("default_image").put("type", "string").put("description", "Image for VMs the design gives none");
        if (needFlavor) params.putObject("default_flavor").put("type", "string").put("description", "Flavor for VMs the design gives none");
        if (!doc.presentation().nodes().isEmpty() || !doc.presentation().notes().isEmpty())
            report.add(new ExchangeNote("slice " + t.name(), "positions and notes are not carried (a Heat template has no drawing)"));
        if (!t.switches().isEmpty())
            report.add(new ExchangeNote("slice " + t.name(), "switches become Neutron networks: " + t.switches().size() + " switches, " + nets.size() + " networks"));
        return new LabExport(Yaml.write(root), LabFormat.HEAT, report);
    }

    /** The Olimpus zone a VM is in, "" for none. */
    private static String zoneOf(Topology t, Node vm) {
        String zone = vm.vm().zone() != null ? vm.vm().zone() : t.zone();
        return zone == null ? "" : zone;
    }

    /**
     * The availability-zone parameter of each Olimpus zone the VMs are in ("" for none): one
     * {@code availability_zone} when they share at most one zone, else one per zone.
     */
    private static Map<String, String> zoneParameters(Topology t) {
        Set<String> zones = new TreeSet<>();
        for (Node vm : t.vms()) zones.add(zoneOf(t, vm));
        if (zones.isEmpty()) zones.add("");
        long named = zones.stream().filter(z -> !z.isEmpty()).count();
        Map<String, String> out = new LinkedHashMap<>();
        for (String z : zones) out.put(z, named <= 1 || z.isEmpty() ? "availability_zone" : "availability_zone_" + resourceName(z));
        return out;
    }

    /** Heat resource names: the Olimpus name is already [a-z0-9-]; '-' becomes '_' for readability. */
    private static String resourceName(String name) {
        return Names.sanitize(name).replace('-', '_');
    }
}
