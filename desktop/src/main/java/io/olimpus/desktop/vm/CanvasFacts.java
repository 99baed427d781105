package io.olimpus.desktop.vm;

import io.olimpus.model.network.Attachment;
import io.olimpus.model.network.DerivedNetworks;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the canvas can say about a design beyond its drawing, once the server has planned or run
 * it: each link's subnet and each VM's address on it (from the plan), and each VM's state,
 * worker and addresses as the platform reports them. Empty for a design never planned.
 */
public record CanvasFacts(Map<String, String> subnetByLink, Map<String, Map<String, String>> ipByVmLink,
                          Map<String, Runtime> runtime) {
    public static final CanvasFacts NONE = new CanvasFacts(Map.of(), Map.of(), Map.of());

    /** A deployed VM now: its state (the server's word, RUNNING...), worker and addresses. */
    public record Runtime(String state, String worker, List<String> addresses) {
        public Runtime {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }

        public boolean running() { return "RUNNING".equalsIgnoreCase(state); }
    }

    public CanvasFacts {
        subnetByLink = Map.copyOf(subnetByLink);
        Map<String, Map<String, String>> ips = new HashMap<>();
        ipByVmLink.forEach((vm, m) -> ips.put(vm, Map.copyOf(m)));
        ipByVmLink = Map.copyOf(ips);
        runtime = Map.copyOf(runtime);
    }

    public CanvasFacts withRuntime(Map<String, Runtime> now) { return new CanvasFacts(subnetByLink, ipByVmLink, now); }

    public CanvasFacts withPlan(Map<String, String> subnets, Map<String, Map<String, String>> ips) {
        return new CanvasFacts(subnets, ips, runtime);
    }

    public String subnet(String linkId) { return subnetByLink.get(linkId); }

    public String ip(String vmId, String linkId) { return ipByVmLink.getOrDefault(vmId, Map.of()).get(linkId); }

    public Runtime runtimeOf(String vmId) { return runtime.get(vmId); }

    /** The VM runs: a double-click opens its console. */
    public boolean isRunning(String vmId) {
        Runtime r = runtime.get(vmId);
        return r != null && r.running();
    }

    /**
     * The VM's addresses: the platform's when it runs, else the plan's ("10.0.1.2"), in
     * interface order.
     */
    public List<String> addresses(String vmId, Map<String, String> interfacesByLink) {
        Runtime r = runtime.get(vmId);
        if (r != null && !r.addresses().isEmpty()) return r.addresses();
        Map<String, String> ips = ipByVmLink.getOrDefault(vmId, Map.of());
        return interfacesByLink.keySet().stream().filter(ips::containsKey).map(ips::get).toList();
    }

    /**
     * Each VM's interface names by link: eth0, eth1... in the order the server gives a VM its
     * NICs (the order of its links, as {@link NetworkDeriver} derives them), which is the order
     * the guest sees them in. Switches have none.
     */
    public static Map<String, Map<String, String>> interfaceNames(Topology t) {
        DerivedNetworks d = NetworkDeriver.derive(t);
        Map<String, Map<String, String>> out = new HashMap<>();
        t.vms().forEach(vm -> {
            List<Attachment> nics = d.nicsOf(vm.id());
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < nics.size(); i++) m.put(nics.get(i).linkId(), "eth" + i);
            out.put(vm.id(), m);
        });
        return out;
    }
}
