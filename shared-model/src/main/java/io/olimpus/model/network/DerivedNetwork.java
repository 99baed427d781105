package io.olimpus.model.network;

import java.util.List;

/**
 * A layer-2 network implied by the drawing. {@code switchIds} is empty for the network of a
 * single VM–VM link. Ids are derived from the drawing's ids, so the same drawing always yields
 * the same networks.
 */
public record DerivedNetwork(String id, String name, List<String> switchIds, List<Attachment> attachments) {
    public DerivedNetwork {
        switchIds = List.copyOf(switchIds);
        attachments = List.copyOf(attachments);
    }

    public boolean isSwitched() { return !switchIds.isEmpty(); }
}
