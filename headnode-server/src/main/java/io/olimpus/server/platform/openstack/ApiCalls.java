package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The requests one driver makes to the cloud, shared by its session, its catalog sync and the
 * driver itself: each is counted per service (tests and the ring benchmark read the counts), and a
 * failure becomes a DriverException that names the service, what was being done and what the
 * service said.
 */
final class ApiCalls {
    static final String KEYSTONE = "Keystone", NOVA = "Nova", NEUTRON = "Neutron", GLANCE = "Glance";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** One request about to be made outside {@link #call} (authentication, a streamed upload). */
    void count(String service) { counts.computeIfAbsent(service, k -> new LongAdder()).increment(); }

    /** Requests made to each service since the last reset. */
    Map<String, Long> perService() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long total() { return counts.values().stream().mapToLong(LongAdder::sum).sum(); }

    void reset() { counts.clear(); }

    /** One openstack4j call (one HTTP request), counted, its failure worded for the user. */
    <T> T call(String service, String what, Supplier<T> op) {
        count(service);
        try {
            return op.get();
        } catch (AuthenticationException e) {
            throw new DriverException(service + " refused the service account while " + what + " (HTTP " + e.getStatus() + "): " + clean(e.getMessage()), e);
        } catch (ConnectionException e) {
            throw new DriverException(service + " did not answer while " + what + ": " + rootMessage(e), e);
        } catch (ResponseException e) {
            throw new DriverException(service + " refused " + what + " (HTTP " + e.getStatus() + "): " + clean(e.getMessage()), e);
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DriverException(service + " failed while " + what + ": " + rootMessage(e), e);
        }
    }

    /** A delete or action: success, and for deletes "already gone" (404), pass; anything else is the service's words. */
    void act(String service, String what, boolean goneIsFine, Supplier<ActionResponse> op) {
        ActionResponse r = call(service, what, op);
        if (r == null || r.isSuccess() || (goneIsFine && r.getCode() == 404)) return;
        if (r.getCode() == 0) throw new DriverException(service + " did not answer while " + what + ": " + clean(r.getFault()));
        throw new DriverException(service + " refused " + what + " (HTTP " + r.getCode() + "): " + clean(r.getFault()));
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return clean(m);
    }

    /** A service's message on one line. */
    static String clean(String m) {
        if (m == null) return "no details";
        return m.replaceAll("\\s+", " ").trim();
    }
}
