package io.olimpus.model.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The networks of a topology, with lookups by link and by VM. */
public final class DerivedNetworks {
    private final List<DerivedNetwork> networks;
    private final Map<String, DerivedNetwork> byLink = new HashMap<>();
    private final Map<String, List<Attachment>> nicsByVm = new HashMap<>();
    private final Map<String, DerivedNetwork> byId = new HashMap<>();

    DerivedNetworks(List<DerivedNetwork> networks) {
        this.networks = List.copyOf(networks);
        for (DerivedNetwork n : this.networks) {
            byId.put(n.id(), n);
            for (Attachment a : n.attachments()) {
                byLink.put(a.linkId(), n);
                nicsByVm.computeIfAbsent(a.vmId(), k -> new ArrayList<>()).add(a);
            }
        }
    }

    public List<DerivedNetwork> all() { return networks; }

    public int size() { return networks.size(); }

    public Optional<DerivedNetwork> byId(String id) { return Optional.ofNullable(byId.get(id)); }

    /** The network a VM–VM or VM–switch link puts its VM on. */
    public Optional<DerivedNetwork> ofLink(String linkId) { return Optional.ofNullable(byLink.get(linkId)); }

    /** The VM's NICs in the order of the topology's links: NIC 0 is the first, and so on. */
    public List<Attachment> nicsOf(String vmId) { return List.copyOf(nicsByVm.getOrDefault(vmId, List.of())); }
}
