package io.olimpus.model.network;

/** One NIC: the VM it belongs to and the link that puts it on a network. */
public record Attachment(String vmId, String linkId) {}
