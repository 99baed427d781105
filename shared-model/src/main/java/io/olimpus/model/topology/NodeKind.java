package io.olimpus.model.topology;

/** What a node of the graph is: a virtual machine, or a switch that joins VMs into one network. */
public enum NodeKind {
    VM, SWITCH
}
