package io.olimpus.server.platform.openstack;

import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.heat.Resource;
import org.openstack4j.model.heat.Stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Heat stack on the test bed, as {@code openstack stack create/delete} would make it: created
 * from a template's text, waited on by polling its status, deleted. Statuses Heat ends an action
 * in ({@code *_FAILED}) fail at once with Heat's reason instead of waiting out the bound.
 */
final class HeatStack {
    private final OSClientV3 os;
    final String name;
    final String id;

    private HeatStack(OSClientV3 os, String name, String id) {
        this.os = os;
        this.name = name;
        this.id = id;
    }

    static HeatStack create(OSClientV3 os, String name, String template, Map<String, String> parameters) {
        Stack s = os.heat().stacks().create(Builders.stack().name(name).template(template).parameters(parameters)
                .disableRollback(true).timeoutMins(10L).build());
        if (s == null || s.getId() == null) throw new IllegalStateException("Heat did not accept stack " + name);
        return new HeatStack(os, name, s.getId());
    }

    /** The stack as Heat shows it now, or null once Heat no longer has it. */
    Stack show() { return os.heat().stacks().getDetails(name, id); }

    List<? extends Resource> resources() { return os.heat().resources().list(name, id); }

    /** Polls until the stack reaches {@code want}; a FAILED status, or the bound, fails with Heat's reason. */
    Stack await(String want, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Stack s = show();
        while (System.nanoTime() < deadline) {
            if (s == null && want.equals("DELETE_COMPLETE")) return null;
            if (s != null && want.equals(s.getStatus())) return s;
            if (s != null && s.getStatus() != null && s.getStatus().endsWith("_FAILED"))
                throw new AssertionError("stack " + name + " is " + s.getStatus() + ", not " + want + ": " + s.getStackStatusReason());
            Thread.sleep(500);
            s = show();
        }
        throw new AssertionError("stack " + name + " did not reach " + want + " within " + bound.toSeconds() + " s; it is "
                + (s == null ? "gone" : s.getStatus() + ": " + s.getStackStatusReason()));
    }

    void delete() {
        ActionResponse r = os.heat().stacks().delete(name, id);
        if (!r.isSuccess()) throw new IllegalStateException("deleting stack " + name + ": " + r.getFault());
    }

    /** The stack's resources of one type by their name in the template, with OpenStack's id of each. */
    static Map<String, String> physicalIds(List<? extends Resource> resources, String type) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Resource r : resources) if (r.getType().equals(type)) out.put(r.getResourceName(), r.getPhysicalResourceId());
        return out;
    }

    static Set<String> statuses(List<? extends Resource> resources) {
        Set<String> out = new java.util.TreeSet<>();
        for (Resource r : resources) out.add(r.getResourceStatus());
        return out;
    }
}
