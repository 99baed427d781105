package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Domain;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Role;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.olimpus.server.platform.openstack.ApiCalls.KEYSTONE;

/**
 * The service account's Keystone session in one zone: a token scoped to the account's own project
 * (identity, flavors, images, listings and deletes) and one per slice project (what a slice's
 * resources are created as). Tokens are reused until {@link #MARGIN} before they expire; a project
 * is authenticated once however many threads ask for it at the same time.
 *
 * <p>openstack4j keeps its session per thread: a client made from a token binds it to the calling
 * thread, and every service call then uses the client made last on that thread. So a caller asks
 * for {@link #admin()} or {@link #inProject} just before its calls, and finishes every lookup that
 * needs the other scope first.
 */
final class KeystoneSession {
    /** How a token is issued: scoped to a project by name in a domain (the account's own) or, with no domain, by id. */
    interface Login {
        Token login(Identifier project, Identifier projectDomain);
    }

    static final Duration MARGIN = Duration.ofMinutes(5);

    private final OpenStackZone zone;
    private final ApiCalls calls;
    private final Config config;
    private final Login login;
    private final Clock clock;
    private final Map<String, Token> projectTokens = new ConcurrentHashMap<>();
    private final Map<String, Object> projectLocks = new ConcurrentHashMap<>();
    private Token adminToken;   // guarded by this
    private volatile String domainId, serviceUserId, memberRoleId;

    KeystoneSession(OpenStackZone zone, ApiCalls calls) {
        this(zone, calls, Config.newConfig().withConnectionTimeout(10_000).withReadTimeout(120_000), null, Clock.systemUTC());
    }

    /** With {@code login} null, the zone's account logs in with its password. */
    KeystoneSession(OpenStackZone zone, ApiCalls calls, Config config, Login login, Clock clock) {
        this.zone = zone;
        this.calls = calls;
        this.config = config;
        this.login = login != null ? login : this::passwordLogin;
        this.clock = clock;
    }

    private Token passwordLogin(Identifier project, Identifier projectDomain) {
        try {
            var b = OSFactory.builderV3().endpoint(zone.identityV3())
                    .credentials(zone.user(), zone.password(), Identifier.byName(zone.domain())).withConfig(config);
            b = projectDomain == null ? b.scopeToProject(project) : b.scopeToProject(project, projectDomain);
            return b.authenticate().getToken();
        } catch (AuthenticationException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " refused the service account '"
                    + zone.user() + "' (domain " + zone.domain() + ", project " + zone.project() + "): wrong password, unknown user or no role on the project (HTTP "
                    + e.getStatus() + ")", e);
        } catch (ConnectionException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " did not answer: " + ApiCalls.rootMessage(e), e);
        } catch (ResponseException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " refused to authenticate '" + zone.user()
                    + "' (HTTP " + e.getStatus() + "): " + ApiCalls.clean(e.getMessage()), e);
        }
    }

    private Token authenticate(Identifier project, Identifier projectDomain) {
        calls.count(KEYSTONE);
        return login.login(project, projectDomain);
    }

    private boolean fresh(Token t) {
        return t != null && t.getExpires() != null && t.getExpires().toInstant().isAfter(clock.instant().plus(MARGIN));
    }

    /** The account's token in its own project, renewed when it is about to expire. */
    synchronized Token adminToken() {
        if (!fresh(adminToken)) adminToken = authenticate(Identifier.byName(zone.project()), Identifier.byName(zone.domain()));
        return adminToken;
    }

    /** A new token for the account's own project, whatever the one held: the zone check proves the password now. */
    synchronized Token reauthenticate() {
        adminToken = null;
        return adminToken();
    }

    /** The account's token in a slice's project. */
    Token projectToken(String projectId) {
        Token t = projectTokens.get(projectId);
        if (fresh(t)) return t;
        synchronized (projectLocks.computeIfAbsent(projectId, k -> new Object())) {
            t = projectTokens.get(projectId);
            if (!fresh(t)) {
                t = authenticate(Identifier.byId(projectId), null);
                projectTokens.put(projectId, t);
            }
            return t;
        }
    }

    /** A project that is gone needs no token any more. */
    void forgetProject(String projectId) {
        projectTokens.remove(projectId);
        projectLocks.remove(projectId);
    }

    /** A client bound to this thread (see the class comment). */
    OSClientV3 client(Token t) {
        OSClientV3 os = OSFactory.clientFromToken(t, Facing.PUBLIC, config);
        os.useRegion(zone.region());
        return os;
    }

    /** The service account in its own project, bound to this thread. */
    OSClientV3 admin() { return client(adminToken()); }

    /** The service account scoped to a slice's project, bound to this thread. */
    OSClientV3 inProject(String projectId) { return client(projectToken(projectId)); }

    /** The public URL of a service in the zone's region from the token's catalog, or null. */
    String endpoint(Token t, String type) {
        if (t.getCatalog() == null) return null;
        for (var s : t.getCatalog()) {
            if (!type.equals(s.getType())) continue;
            for (Endpoint e : s.getEndpoints()) {
                boolean region = e.getRegion() == null ? zone.region().equals(e.getRegionId()) : zone.region().equals(e.getRegion());
                if (region && e.getIface() == Facing.PUBLIC && e.getUrl() != null) return e.getUrl().toString();
            }
        }
        return null;
    }

    String noEndpoint(String type) { return "Keystone's catalog has no public " + type + " endpoint in region " + zone.region(); }

    /** The public URL of a service the driver cannot work without. */
    String requireEndpoint(String type) {
        String url = endpoint(adminToken(), type);
        if (url == null) throw new DriverException(noEndpoint(type));
        return url;
    }

    /** The id of the zone's domain: from the token when its project lives there, else asked once. */
    String domainId() {
        if (domainId == null) {
            Token t = adminToken();
            if (t.getProject() != null && t.getProject().getDomain() != null && zone.domain().equals(t.getProject().getDomain().getName()))
                domainId = t.getProject().getDomain().getId();
            else {
                List<? extends Domain> ds = calls.call(KEYSTONE, "looking up domain " + zone.domain(), () -> admin().identity().domains().getByName(zone.domain()));
                if (ds == null || ds.isEmpty()) throw new DriverException("zone " + zone.name() + ": Keystone has no domain " + zone.domain());
                domainId = ds.get(0).getId();
            }
        }
        return domainId;
    }

    String serviceUserId() {
        if (serviceUserId == null) serviceUserId = adminToken().getUser().getId();
        return serviceUserId;
    }

    /** The id of the role the account gives itself on every slice project, asked once. */
    String memberRoleId() {
        if (memberRoleId == null) {
            List<? extends Role> roles = calls.call(KEYSTONE, "looking up role " + zone.memberRole(), () -> admin().identity().roles().getByName(zone.memberRole()));
            if (roles == null || roles.isEmpty()) throw new DriverException("zone " + zone.name() + ": Keystone has no role '" + zone.memberRole() + "'");
            memberRoleId = roles.get(0).getId();
        }
        return memberRoleId;
    }
}
