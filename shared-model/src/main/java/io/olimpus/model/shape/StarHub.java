package io.olimpus.model.shape;

/** What sits at the centre of a star: a VM that routes, or a switch that joins. */
public enum StarHub {
    VM, SWITCH
}
