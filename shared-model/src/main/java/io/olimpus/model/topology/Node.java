package io.olimpus.model.topology;

import java.util.Objects;

/**
 * A node of the topology. The id is stable for the node's whole life (links and the presentation
 * refer to it); the name is what users see and what reaches workers. Switches carry no VmSpec.
 */
public record Node(String id, String name, NodeKind kind, VmSpec vm) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) throw new IllegalArgumentException("node id must not be blank");
        if (kind == NodeKind.SWITCH && vm != null) throw new IllegalArgumentException("switch " + id + " cannot have a VM spec");
        if (kind == NodeKind.VM && vm == null) vm = VmSpec.EMPTY;
    }

    public static Node vm(String id, String name, VmSpec spec) {
        return new Node(id, name, NodeKind.VM, spec == null ? VmSpec.EMPTY : spec);
    }

    public static Node switchNode(String id, String name) {
        return new Node(id, name, NodeKind.SWITCH, null);
    }

    public boolean isVm() { return kind == NodeKind.VM; }
    public boolean isSwitch() { return kind == NodeKind.SWITCH; }

    public Node withName(String newName) { return new Node(id, newName, kind, vm); }
    public Node withVm(VmSpec spec) {
        if (kind != NodeKind.VM) throw new IllegalStateException("node " + id + " is a switch");
        return new Node(id, name, kind, spec);
    }
}
