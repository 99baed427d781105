package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.Map;

/**
 * A part of the driver that makes resources on hosts, and so is the one that removes them: the
 * driver's delete finds the remover by the resource's kind.
 */
interface ResourceOwner {
    /** Removes one resource from its host; already gone is success. The driver then removes its marker. */
    @FunctionalInterface
    interface Remover {
        Script delete(SliceContext slice, LinuxHost host, ResourceRef ref);
    }

    /** One remover for each kind this part creates. */
    Map<LinuxResource, Remover> removers();

    /** A resource a part is about to make on a host and the script that makes it; the driver marks it first. */
    record Creation(ResourceRef ref, Script script) {}
}
