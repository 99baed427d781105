package io.olimpus.server.app;

import io.javalin.Javalin;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.audit.AuditRoutes;
import io.olimpus.server.audit.AuditStore;
import io.olimpus.server.auth.AuthRoutes;
import io.olimpus.server.auth.AuthService;
import io.olimpus.server.auth.Passwords;
import io.olimpus.server.auth.SocketTickets;
import io.olimpus.server.auth.TokenStore;
import io.olimpus.server.catalog.CatalogRoutes;
import io.olimpus.server.catalog.FlavorService;
import io.olimpus.server.catalog.FlavorStore;
import io.olimpus.server.catalog.AliasRoutes;
import io.olimpus.server.catalog.AliasService;
import io.olimpus.server.catalog.CatalogAliasStore;
import io.olimpus.server.catalog.ImageService;
import io.olimpus.server.catalog.ImageStore;
import io.olimpus.server.platform.linux.StoredImageSource;
import io.olimpus.server.db.Database;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.OpenApi;
import io.olimpus.server.http.Problems;
import io.olimpus.server.http.Route;
import io.olimpus.server.slices.SliceRoutes;
import io.olimpus.server.slices.SliceService;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.users.UserRoutes;
import io.olimpus.server.users.UserService;
import io.olimpus.server.users.UserStore;
import io.olimpus.server.monitoring.Monitoring;
import io.olimpus.server.monitoring.SampleRoutes;
import io.olimpus.server.monitoring.SampleStore;
import io.olimpus.server.monitoring.StoringSink;
import io.olimpus.server.platform.PlatformRegistry;
import io.olimpus.server.platform.linux.LinuxPlatform;
import io.olimpus.server.platform.linux.LinuxZoneSettings;
import io.olimpus.server.platform.openstack.OpenStackCatalog;
import io.olimpus.server.platform.openstack.OpenStackPlatform;
import io.olimpus.server.platform.openstack.OpenStackVerifier;
import io.olimpus.server.platform.openstack.OpenStackZoneSettings;
import io.olimpus.server.deploy.DeploymentRoutes;
import io.olimpus.server.deploy.Deployments;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.WorkerView;
import io.olimpus.server.zones.ZoneRoutes;
import io.olimpus.server.zones.ZoneService;
import io.olimpus.server.secrets.SecretBox;
import io.olimpus.server.zones.ZoneStore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Wires the stores, services and routes together and starts Javalin. */
public final class Server {
    /** A started server: where it listens, the stores the engine will use, and how to stop it. */
    public static final class Running implements AutoCloseable {
        private final Javalin app;
        private final Database db;
        private final Stores stores;
        private final List<Route> routes;
        private final UserService.Created firstAdmin;
        private final String host;
        private final Zones zones;
        private final Monitoring monitoring;
        private final Deployments deployments;
        private final PlatformRegistry platforms;
        private final boolean https;
        private final Labs labs;

        Running(Javalin app, Database db, Stores stores, List<Route> routes, UserService.Created firstAdmin, String host,
                Zones zones, Monitoring monitoring, Deployments deployments, PlatformRegistry platforms, boolean https, Labs labs) {
            this.labs = labs;
            this.app = app;
            this.https = https;
            this.zones = zones;
            this.monitoring = monitoring;
            this.deployments = deployments;
            this.platforms = platforms;
            this.db = db;
            this.stores = stores;
            this.routes = routes;
            this.firstAdmin = firstAdmin;
            this.host = host;
        }

        public int port() { return app.port(); }

        public String baseUrl() {
            String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
            if (h.contains(":")) h = "[" + h + "]";
            return (https ? "https://" : "http://") + h + ":" + port();
        }

        public Stores stores() { return stores; }

        public Database database() { return db; }

        /** Zones, their settings (with the OpenStack password) and workers, for the engine. */
        public Zones zones() { return zones; }

        /** Worker monitoring, or null when the config turned it off. */
        public Monitoring monitoring() { return monitoring; }

        public List<Route> routes() { return routes; }

        /** The deployment feature: what a test drives when it plays a restart ({@code recover()}). */
        public io.olimpus.server.deploy.DeploymentService deployments() { return deployments.service(); }

        /** The labs feature: what a test drives when it plays the scheduler at a time of its choosing ({@code tick}). */
        public io.olimpus.server.labs.LabService labs() { return labs.service(); }

        /** The first admin, when this start created it; its password is non-null only when it was generated. */
        public UserService.Created firstAdmin() { return firstAdmin; }

        @Override
        public void close() {
            if (monitoring != null) monitoring.close();
            labs.close();
            deployments.close();
            platforms.close();
            app.stop();
            db.close();
        }
    }

    /** Zones as the engine reads them: the zones feature, and each platform's settings (with the OpenStack password). */
    public record Zones(ZoneService service, LinuxPlatform linux, OpenStackPlatform openstack) {
        public Optional<LinuxZoneSettings> linuxSettings(String zone) { return linux.settings(zone); }

        public Optional<OpenStackZoneSettings> openStackSettings(String zone) { return openstack.settings(zone); }

        public List<Worker> workers(String zone) { return service.workers(zone); }

        public Worker worker(String zone, String name) { return service.worker(zone, name); }

        public WorkerView workerView(String zone, String name) { return service.workerView(zone, name); }
    }

    /** The labs feature wired: its service, the class deploy slots and the scheduler of windows and idle timeouts. */
    record Labs(io.olimpus.server.labs.LabService service, io.olimpus.server.labs.ClassDeployRunner runner,
                io.olimpus.server.labs.LabScheduler scheduler) implements AutoCloseable {
        @Override
        public void close() {
            scheduler.close();
            runner.close();
        }
    }

    /** Every store, for the deployment engine to read slices, zones, workers, flavors and images. */
    public record Stores(UserStore users, TokenStore tokens, FlavorStore flavors, ImageStore images, StoredImageSource imageSource,
                         ZoneStore zones, SliceStore slices, AuditStore audit) {}

    /**
     * What a deployment plugs into the server beyond its config: the check of an OpenStack zone's
     * service account (the real Keystone check in production, a fake in tests).
     */
    /** @param platforms more kinds of zone, registered after the built-in ones (a test's scripted platform) */
    public record Extensions(OpenStackVerifier openStackVerifier, List<io.olimpus.server.platform.Platform> platforms) {
        public Extensions {
            platforms = List.copyOf(platforms);
        }

        public Extensions(OpenStackVerifier openStackVerifier) { this(openStackVerifier, List.of()); }

        /** Production: OpenStack zone settings are checked against the zone's real Keystone before they are stored. */
        public static Extensions defaults() { return new Extensions(OpenStackPlatform.keystoneVerifier()); }

        public Extensions withOpenStackVerifier(OpenStackVerifier v) { return new Extensions(v, platforms); }

        public Extensions withPlatform(io.olimpus.server.platform.Platform p) {
            List<io.olimpus.server.platform.Platform> more = new java.util.ArrayList<>(platforms);
            more.add(p);
            return new Extensions(openStackVerifier, more);
        }
    }

    private Server() {}

    /**
     * Loads the HTTP and JSON classes on another core while this one opens and migrates the
     * database: start-up is mostly class loading, and the two halves do not depend on each other.
     */
    private static void preloadInBackground() {
        Thread t = new Thread(() -> {
            try {
                Javalin.create(j -> {
                    j.startup.showJavalinBanner = false;
                    j.routes.get("/", ctx -> ctx.result(io.olimpus.server.http.Json.write(java.util.Map.of("a", 1))));
                });
                io.olimpus.model.file.TopologyFile.write(io.olimpus.model.file.TopologyDocument.of(io.olimpus.model.topology.Topology.empty("x")));
                at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "warm-up".toCharArray());
            } catch (RuntimeException | LinkageError e) {
                log.debug("preloading failed; start-up is only slower", e);
            }
        }, "olimpus-preload");
        t.setDaemon(true);
        t.start();
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Server.class);

    public static Running start(Config cfg) throws IOException {
        return start(cfg, Extensions.defaults());
    }

    public static Running start(Config cfg, Extensions ext) throws IOException {
        long t0 = System.nanoTime();
        preloadInBackground();
        Database.prepareDataFolder(cfg.dataDir());
        String url = cfg.dbUrl() != null ? cfg.dbUrl() : Database.embeddedUrl(cfg.dataDir());
        Database db = Database.open(url, cfg.dbUser(), cfg.dbPassword(), cfg.dbPool());
        log.debug("database open and migrated in {} ms", (System.nanoTime() - t0) / 1_000_000);
        try {
            return start(cfg, ext, db);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Running start(Config cfg, Extensions ext, Database db) throws IOException {
        Clock clock = Clock.systemUTC();
        var jdbi = db.jdbi();
        AuditStore auditStore = new AuditStore(jdbi);
        AuditLog audit = new AuditLog(auditStore, clock);
        UserStore users = new UserStore(jdbi);
        TokenStore tokens = new TokenStore(jdbi);
        FlavorStore flavors = new FlavorStore(jdbi);
        ImageStore images = new ImageStore(jdbi);
        SecretBox secretBox = SecretBox.inFolder(cfg.dataDir());
        ZoneStore zones = new ZoneStore(jdbi, secretBox);
        int sealed = zones.sealClearSecrets();
        if (sealed > 0) log.info("sealed {} zone secret(s) an older version stored in the clear", sealed);
        for (String zone : zones.zonesWithUnreadableSecrets())
            log.warn("the stored OpenStack password of zone '{}' cannot be decrypted with {}: restore that file from the backup of the data folder,"
                    + " or enter the password again in the zone's settings", zone, cfg.dataDir().resolve(SecretBox.FILE));
        SliceStore slices = new SliceStore(jdbi);

        Passwords passwords = new Passwords(cfg.bcryptCost());
        AuthService auth = new AuthService(users, tokens, passwords, audit, clock, cfg.tokenTtl());
        SocketTickets socketTickets = new SocketTickets(clock);
        UserService userService = new UserService(users, passwords, auth, audit, clock, cfg.defaultQuota());
        FlavorService flavorService = new FlavorService(flavors, slices, audit, clock);
        ImageService imageService = new ImageService(images, slices, audit, clock, cfg.dataDir().resolve("images"), cfg.maxImageBytes());
        if (ext.openStackVerifier() == OpenStackVerifier.UNCHECKED)
            log.info("OpenStack zone credentials are not checked at setup (no verifier configured)");
        StoredImageSource imageFiles = new StoredImageSource(images, imageService.root());
        // The platforms, one line each: the only place that names them.
        LinuxPlatform linux = new LinuxPlatform(zones, imageFiles, io.olimpus.server.platform.linux.KeyFolder.in(cfg.dataDir()).create(), clock);
        OpenStackPlatform openstack = new OpenStackPlatform(zones, ext.openStackVerifier(), new OpenStackCatalog(flavors::byName, images::byName, imageFiles::open));
        imageService.afterDelete(linux::pruneImageCaches);
        PlatformRegistry platforms = PlatformRegistry.over(zones).register(openstack).register(linux);
        for (io.olimpus.server.platform.Platform p : ext.platforms()) platforms.register(p);
        ZoneService zoneService = new ZoneService(zones, slices, audit, clock, platforms.all());
        SampleStore samples = new SampleStore(jdbi);
        AliasService aliasService = new AliasService(new CatalogAliasStore(jdbi), flavors, images, zones, audit, clock);
        SliceService sliceService = new SliceService(slices, users, flavors, images, zones, aliasService::current, audit, clock);
        Deployments deployments = Deployments.create(jdbi, sliceService, slices, flavors, images, zones, platforms::open, audit, clock);
        sliceService.refuseDeleteWhile(deployments.service()::holdsResources);
        io.olimpus.server.deploy.DeploymentStore deploymentStore = new io.olimpus.server.deploy.DeploymentStore(jdbi);
        var leftovers = new io.olimpus.server.platform.LeftoverService(zones, platforms, zone -> deploymentStore.slicesHolding(zone).stream()
                .map(io.olimpus.server.deploy.DeploymentService::platformId).collect(java.util.stream.Collectors.toSet()), audit);

        io.olimpus.server.courses.CourseStore courseStore = new io.olimpus.server.courses.CourseStore(jdbi);
        io.olimpus.server.courses.CourseAccess courseAccess = new io.olimpus.server.courses.CourseAccess(courseStore);
        io.olimpus.server.mail.Mailer mailer = cfg.smtp() == null ? io.olimpus.server.mail.Mailer.NONE : new io.olimpus.server.mail.SmtpMailer(cfg.smtp());
        io.olimpus.server.courses.CourseService courseService = new io.olimpus.server.courses.CourseService(courseStore, courseAccess, users, userService,
                z -> zones.byName(z).isPresent(), mailer, secretBox, audit, clock, cfg.defaultQuota());
        userService.refuseDeleteWhile(courseStore::whyUserCannotGo);
        sliceService.alsoReadableBy(courseAccess::canRead);
        var labStore = new io.olimpus.server.labs.LabStore(jdbi);
        var activity = new io.olimpus.server.labs.Activity(labStore, clock);
        var classRunner = new io.olimpus.server.labs.ClassDeployRunner(cfg.labs().concurrency(), clock);
        var labService = new io.olimpus.server.labs.LabService(labStore, courseStore, courseAccess, sliceService, slices,
                deployments.service(), classRunner, () -> io.olimpus.server.catalog.CatalogSnapshot.read(flavors, images, zones), audit, clock);
        sliceService.refuseEditWhen(labService::editRefusal);
        Labs labs = new Labs(labService, classRunner, new io.olimpus.server.labs.LabScheduler(labService, clock, cfg.labs().schedulerPeriod()));
        // Every authenticated call (the console's upgrade included) is a user's activity: what idle timeouts read.
        java.util.function.Function<String, io.olimpus.server.auth.Principal> callers = token -> {
            io.olimpus.server.auth.Principal p = auth.resolve(token);
            if (p != null) activity.touch(p.userId());
            return p;
        };

        long t1 = System.nanoTime();
        UserService.Created firstAdmin = userService.bootstrapAdmin(cfg.adminPassword());
        log.debug("services ready in {} ms", (System.nanoTime() - t1) / 1_000_000);
        long t2 = System.nanoTime();

        // Read before anything listens: a wrong key file stops the start with its reason.
        TlsKeys.Loaded tlsKeys = cfg.tls().enabled() ? TlsKeys.load(cfg.tls()) : null;
        AtomicReference<List<Route>> routes = new AtomicReference<>();
        Javalin app = Javalin.create(j -> {
            j.startup.showJavalinBanner = false;
            j.startup.showOldJavalinVersionWarning = false;
            j.jetty.host = cfg.host();
            j.jetty.port = cfg.port();
            j.http.maxRequestSize = cfg.maxJsonBytes();
            j.router.ignoreTrailingSlashes = true;
            j.http.prefer405over404 = true;
            j.jetty.modifyServer(server -> server.setErrorHandler(new io.olimpus.server.http.ProblemErrorHandler()));
            io.olimpus.server.http.JettyLimits.apply(j.jetty);
            io.olimpus.server.http.ResponseHeaders.apply(j.jetty);
            if (tlsKeys != null) io.olimpus.server.http.Https.serve(j.jetty, cfg.host(), cfg.port(), tlsKeys.keyStore(), tlsKeys.password());
            Problems.install(j.routes);
            Api api = new Api(j.routes, callers, cfg.maxJsonBytes(), new Api.Tickets() {
                public Issued issue(String sessionToken, String scope) {
                    SocketTickets.Ticket t = socketTickets.issue(sessionToken, scope);
                    return new Issued(t.value(), t.expiresAt());
                }

                public String redeem(String ticket, String scope) { return socketTickets.redeem(ticket, scope); }
            });
            api.get("/health", Access.PUBLIC, (ctx, caller) -> {
                boolean ok = db.healthy();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", ok ? "ok" : "failing");
                body.put("database", ok ? "ok" : "not answering");
                Http.json(ctx, ok ? 200 : 503, body);
            });
            api.get("/openapi.json", Access.PUBLIC, (ctx, caller) -> ctx.contentType("application/json").result(OpenApi.document()));
            AuthRoutes.register(api, auth, users);
            UserRoutes.register(api, userService, slices::countOwnedBy);
            CatalogRoutes.register(api, flavorService, imageService);
            AliasRoutes.register(api, aliasService);
            ZoneRoutes.register(api, zoneService);
            io.olimpus.server.platform.LeftoverRoutes.register(api, leftovers);
            SampleRoutes.register(api, zoneService, samples, clock, cfg.monitoring().retention());
            io.olimpus.server.monitoring.PlacementRoutes.register(api, zoneService, new io.olimpus.server.deploy.DeploymentStore(jdbi), slices);
            SliceRoutes.register(api, sliceService);
            DeploymentRoutes.register(api, deployments.service());
            io.olimpus.server.labs.LabRoutes.register(api, labService);
            io.olimpus.server.settings.SettingsRoutes.register(api, new io.olimpus.server.settings.LiveSettings(labs.runner(), labs.scheduler(), audit));
            AuditRoutes.register(api, auditStore);
            io.olimpus.server.courses.CourseRoutes.register(api, courseService);
            routes.set(api.routes());
        });
        app.start();
        log.debug("HTTP listening in {} ms", (System.nanoTime() - t2) / 1_000_000);
        Stores stores = new Stores(users, tokens, flavors, images, imageFiles, zones, slices, auditStore);
        Config.Monitoring m = cfg.monitoring();
        Monitoring monitoring = m.enabled()
                ? new Monitoring(zones, platforms::workerProbe, new StoringSink(samples, zones, clock, m.retention()), m.period(), m.missesBeforeDown())
                : null;
        int resumed = deployments.service().recover();
        if (resumed > 0) log.warn("{} deployment job(s) were left running by the previous server; rolling them back", resumed);
        return new Running(app, db, stores, routes.get(), firstAdmin, cfg.host(), new Zones(zoneService, linux, openstack), monitoring, deployments, platforms,
                cfg.tls().enabled(), labs);
    }
}
