package io.olimpus.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.wire.Wire;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client of one headnode (REST under /api/v1), for the desktop and any other program that talks
 * to a headnode; its bodies are the records of {@link Wire}. Every call is blocking and throws
 * {@link ClientException}; the UI calls it off the FX thread, e.g. through {@link #async}. After
 * {@link #login} the token goes with every request; a 401 on any other call means the session is
 * over ({@link ClientException.Kind#SESSION_EXPIRED}) and is also reported to
 * {@link #onSessionExpired}. Thread-safe.
 */
public final class OlimpusClient implements AutoCloseable {
    /** Lenient on the way in: fields a newer server adds are ignored. A design is kept as the server's text. */
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("olimpus-wire").addDeserializer(Wire.RawJson.class, new RawJsonReader()));
    static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final MediaType CSV = MediaType.get("text/csv; charset=utf-8");

    private final HttpUrl base;
    private final OkHttpClient http;
    private final HeadnodeApi api;
    private final ExecutorService background;
    private volatile String token;
    private volatile Wire.User user;
    private volatile Consumer<ClientException> sessionExpired = e -> {};

    private OlimpusClient(HttpUrl base, OkHttpClient shared) {
        this.base = base;
        this.http = shared.newBuilder().addInterceptor(chain -> {
            String t = token;
            Request r = chain.request();
            return chain.proceed(t == null || r.header("Authorization") != null ? r
                    : r.newBuilder().header("Authorization", "Bearer " + t).build());
        }).build();
        this.api = new Retrofit.Builder().baseUrl(base).client(http)
                .addConverterFactory(JacksonConverterFactory.create(JSON)).build().create(HeadnodeApi.class);
        this.background = Executors.newCachedThreadPool(r -> {
            Thread th = new Thread(r, "olimpus-client");
            th.setDaemon(true);
            return th;
        });
    }

    /**
     * A client of the server at {@code address}: "host:8000", "http://host:8000" or the full
     * ".../api/v1"; without a scheme http is assumed. Nothing is sent yet.
     */
    public static OlimpusClient connect(String address) {
        return connect(address, null);
    }

    /**
     * A client of the server at {@code address} that trusts exactly the certificate whose SHA-256
     * fingerprint is {@code pinnedSha256} (as {@link ServerCertificate#sha256()} or
     * {@link ServerCertificate#fingerprint()} give it), or with null, the certificates this
     * computer's system trusts. How a program pins a self-signed headnode: {@link ServerCertificate}.
     *
     * @throws ClientException INVALID when the address or the fingerprint is malformed
     */
    public static OlimpusClient connect(String address, String pinnedSha256) {
        String pin;
        try {
            pin = ServerCertificate.normalize(pinnedSha256);
        } catch (IllegalArgumentException e) {
            throw new ClientException(ClientException.Kind.INVALID, e.getMessage(), 0, "certificate", "not a SHA-256 fingerprint", null, null, null);
        }
        OkHttpClient.Builder b = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(60));
        return new OlimpusClient(apiBase(address), PinnedTrust.apply(b, pin).build());
    }

    /**
     * {@code address} as {@link #address()} would give it (scheme, host and port, e.g.
     * https://headnode:8443), without connecting: the key under which a program stores what it
     * knows of a server, such as its pinned certificate.
     * @throws ClientException INVALID when it is not a server address
     */
    public static String normalizedAddress(String address) {
        String s = apiBase(address).toString();
        return s.substring(0, s.length() - "/api/v1/".length());
    }

    static HttpUrl apiBase(String address) {
        if (address == null || address.isBlank()) throw invalidAddress(address);
        String a = address.trim();
        if (!a.contains("://")) a = "http://" + a;
        HttpUrl u = HttpUrl.parse(a);
        if (u == null) throw invalidAddress(address);
        String path = u.encodedPath().replaceAll("/+$", "");
        if (!path.endsWith("/api/v1")) path = path + "/api/v1";
        return u.newBuilder().encodedPath(path + "/").query(null).build();
    }

    private static ClientException invalidAddress(String a) {
        return new ClientException(ClientException.Kind.INVALID, "'" + a + "' is not a server address; write it like localhost:8000 or https://olimpus.example.org",
                0, "address", "not a server address", null, null, null);
    }

    /** The server's address as given, normalised (e.g. http://localhost:8000), without /api/v1. */
    public String address() {
        String s = base.toString();
        return s.substring(0, s.length() - "/api/v1/".length());
    }

    HttpUrl base() { return base; }

    OkHttpClient http() { return http; }

    /** Runs a call of this client on a background thread (never on the FX thread). */
    public <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, background);
    }

    /** Called (on a background thread) whenever a call finds the session over; the UI shows the login again. */
    public void onSessionExpired(Consumer<ClientException> listener) {
        this.sessionExpired = listener == null ? e -> {} : listener;
    }

    // ---- session ----

    public Wire.Health health() { return call(api.health(), false); }

    /** Logs in; wrong username or password is {@link ClientException.Kind#CREDENTIALS}. */
    public Wire.LoginResponse login(String username, String password) {
        Wire.LoginResponse s = call(api.login(Map.of("username", username == null ? "" : username, "password", password == null ? "" : password)), true);
        token = s.token();
        user = s.user();
        return s;
    }

    /** Uses a token from an earlier login (checked by asking who it belongs to). */
    public Wire.User resume(String existingToken) {
        token = existingToken;
        user = call(api.me(), false);
        return user;
    }

    public void logout() {
        try {
            if (token != null) call(api.logout(), false);
        } finally {
            token = null;
            user = null;
        }
    }

    public boolean loggedIn() { return token != null; }

    /**
     * The token of this session, or null. Never put it in a URL: the console WebSocket refuses
     * {@code ?token=}; a library that cannot set headers (noVNC) takes a {@link #consoleTicket}.
     */
    public String token() { return token; }

    /** The user logged in, or null. */
    public Wire.User user() { return user; }

    public Wire.User me() { return call(api.me(), false); }

    /** Sets the caller's SSH public key (a line of ~/.ssh/id_*.pub), installed in the VMs they deploy; null or "" clears it. */
    public Wire.User setSshPublicKey(String key) { return call(api.patchMe(new Wire.ProfilePatch(key == null ? "" : key)), false); }

    public void changePassword(String current, String next) {
        call(api.changePassword(Map.of("currentPassword", current, "newPassword", next)), false);
    }

    // ---- users (admins) ----

    public Wire.Page<Wire.User> users(String query, Integer limit, Integer offset) { return call(api.users(query, limit, offset), false); }

    public Wire.User createUser(Wire.NewUser u) { return call(api.createUser(u), false); }

    /** Imports a roster CSV (username[,password,role,maxVms,maxVcpus,maxRamMb,maxSlices,maxNodes,maxLinks]); all or nothing. */
    public List<Wire.User> importUsers(String csv) {
        return call(api.importUsers(RequestBody.create(csv, CSV)), false).created();
    }

    public Wire.User user(String username) { return call(api.user(username), false); }

    public Wire.User patchUser(String username, Wire.UserPatch patch) { return call(api.patchUser(username, patch), false); }

    public void deleteUser(String username) { call(api.deleteUser(username), false); }

    /** Resets a password: to {@code password}, or (null) to a generated one, which is returned once. */
    public String resetPassword(String username, String password) { return resetPassword(username, password, null); }

    /**
     * Resets a password as above; {@code yourPassword}, the caller's own current password, is
     * required when {@code username} is an admin (else {@link ClientException.Kind#FORBIDDEN}, the field {@code yourPassword}).
     */
    public String resetPassword(String username, String password, String yourPassword) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        if (password != null) body.put("password", password);
        if (yourPassword != null) body.put("yourPassword", yourPassword);
        Wire.GeneratedPassword g = call(api.resetPassword(username, body), false);
        return g == null ? password : g.password();
    }

    // ---- courses (instructors and admins; a student lists the courses they are in) ----

    /** The caller's courses: an instructor's own, an admin's all, a student's enrolled ones. */
    public List<Wire.Course> courses() { return call(api.courses(), false).items(); }

    public Wire.Course createCourse(Wire.NewCourse c) { return call(api.createCourse(c), false); }

    public Wire.Course course(long id) { return call(api.course(id), false); }

    public Wire.Course patchCourse(long id, Wire.CoursePatch p) { return call(api.patchCourse(id, p), false); }

    public void deleteCourse(long id) { call(api.deleteCourse(id), false); }

    public List<Wire.Student> roster(long courseId) { return call(api.roster(courseId), false).items(); }

    /** Enrols existing users by name; the roster after it. */
    public List<Wire.Student> enrol(long courseId, List<String> usernames) {
        return call(api.enrol(courseId, new Wire.Enrolment(usernames)), false).items();
    }

    public void removeStudent(long courseId, String username) { call(api.removeStudent(courseId, username), false); }

    /**
     * Imports a roster CSV (the user import's columns plus email), all or nothing: a refused
     * roster is INVALID with every bad row in {@link ClientException#fieldErrors()}.
     */
    public Wire.RosterImported importRoster(long courseId, String csv) {
        return call(api.importRoster(courseId, RequestBody.create(csv, CSV)), false);
    }

    /** A new one-time password for one student, mailed if the roster gave an email; shown this once. */
    public Wire.HandedOut resetStudentPassword(long courseId, String username) {
        return call(api.resetStudentPassword(courseId, username), false);
    }

    /**
     * The credentials sheet (CSV: username,password), which the server hands out ONCE; a second
     * call is CONFLICT. Save it before showing anything else.
     */
    public String takeCredentials(long courseId) {
        try (okhttp3.ResponseBody b = call(api.credentials(courseId), false)) {
            return b.string();
        } catch (IOException e) {
            throw transport(e);
        }
    }

    // ---- labs of a course (docs/labs.md) ----

    /**
     * Publishes {@code template} (a design, as {@link #createSlice} takes it) to a course as a lab
     * with a window (epoch ms, null: by hand) and options (null: the server's defaults).
     */
    public LabWire.Lab createLab(long courseId, String name, TopologyDocument template, Long opensAt, Long closesAt,
                                 Boolean deployAtOpen, Boolean undeployAtClose, Integer idleMinutes, Boolean studentsMayEdit) {
        com.fasterxml.jackson.databind.node.ObjectNode b = JSON.createObjectNode();
        b.put("name", name).set("template", TopologyFile.toJson(template));
        if (opensAt != null) b.put("opensAt", opensAt);
        if (closesAt != null) b.put("closesAt", closesAt);
        if (deployAtOpen != null) b.put("deployAtOpen", deployAtOpen);
        if (undeployAtClose != null) b.put("undeployAtClose", undeployAtClose);
        if (idleMinutes != null) b.put("idleMinutes", idleMinutes);
        if (studentsMayEdit != null) b.put("studentsMayEdit", studentsMayEdit);
        return call(api.createLab(courseId, b), false);
    }

    public List<LabWire.Lab> labs(long courseId) { return call(api.labs(courseId), false); }

    /** The labs the caller (a student) has a copy of, with the window, the state and their own slice. */
    public List<LabWire.StudentLab> myLabs() { return call(api.myLabs(), false); }

    public LabWire.Lab lab(long id) { return call(api.lab(id), false); }

    public void deleteLab(long id) { call(api.deleteLab(id), false); }

    /**
     * One copy per enrolled student (already assigned ones are kept), made in the background: the
     * board as it starts (missing students CREATING); follow it with {@link #followBoard} or {@link #board}.
     */
    public LabWire.Board assign(long labId) { return call(api.labAction(labId, "assign"), false); }

    /** Whether the class fits the lab's zone; {@code students} null: the course's roster. */
    public LabWire.Forecast forecast(long labId, Integer students) { return call(api.forecast(labId, students), false); }

    /** Opens the lab (deploying every copy when it deploys at opening); the board as it starts. */
    public LabWire.Board openLab(long labId) { return call(api.labAction(labId, "open"), false); }

    /** Closes it: every copy undeployed, kept as a draft. */
    public LabWire.Board closeLab(long labId) { return call(api.labAction(labId, "close"), false); }

    /** Deploys the failed copies again. */
    public LabWire.Board retryFailed(long labId) { return call(api.labAction(labId, "retry"), false); }

    /** Resets one student's copy to the template ({@code student} null: every copy). */
    public LabWire.Board resetLab(long labId, String student) {
        return call(api.reset(labId, student == null ? Map.of() : Map.of("student", student)), false);
    }

    public LabWire.Board board(long labId) { return call(api.board(labId), false); }

    /**
     * Waits until nothing on the lab's board is being made, queued, deployed or undeployed (or
     * {@code limit} passed), asking again every quarter second: the board then, settled or not.
     */
    public LabWire.Board awaitSettled(long labId, java.time.Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        LabWire.Board b = board(labId);
        while (b.busy() && System.nanoTime() < end) {
            Thread.sleep(250);
            b = board(labId);
        }
        return b;
    }

    /**
     * Follows a lab's live board (server-sent events): the listener hears the whole board now and
     * after every change, on a background thread, until the result is closed.
     */
    public AutoCloseable followBoard(long labId, java.util.function.Consumer<LabWire.Board> onBoard, Consumer<ClientException> onFailure) {
        return BoardFollower.start(this, labId, onBoard, onFailure);
    }

    // ---- catalog ----

    /** Every alias an admin gave a zone, image or flavor: what a course file's names map to. */
    public List<Wire.CatalogAlias> aliases() { return call(api.aliases(), false).items(); }

    /** Replaces the aliases of a catalog entry ({@code kind} zone, image or flavor); admins only. */
    public List<String> setAliases(String kind, String name, List<String> aliases) {
        String path = switch (kind) {
            case "zone" -> "zones";
            case "image" -> "images";
            case "flavor" -> "flavors";
            default -> throw new IllegalArgumentException("kind must be zone, image or flavor, not " + kind);
        };
        return call(api.setAliases(path, name, new Wire.AliasList(aliases)), false).aliases();
    }

    public List<Wire.Flavor> flavors() { return call(api.flavors(), false).items(); }

    public Wire.Flavor createFlavor(Wire.NewFlavor f) { return call(api.createFlavor(f), false); }

    public void deleteFlavor(String name) { call(api.deleteFlavor(name), false); }

    public List<Wire.Image> images() { return call(api.images(), false).items(); }

    public Wire.Image image(String name) { return call(api.image(name), false); }

    public void deleteImage(String name) { call(api.deleteImage(name), false); }

    /**
     * Starts uploading one file of image {@code name} (a qcow2 or raw disk, a kernel or an
     * initrd). {@code progress} hears (bytes sent, bytes in all) from the upload's thread.
     * Cancelling cuts the connection; the server then stores nothing of it.
     */
    public ImageUpload uploadImage(String name, Path file, ImageUpload.Progress progress) {
        return ImageUpload.start(this, name, file, progress);
    }

    public List<Wire.Zone> zones() { return call(api.zones(), false).items(); }

    public Wire.Zone createZone(Wire.NewZone z) { return call(api.createZone(z), false); }

    public void deleteZone(String zone) { call(api.deleteZone(zone), false); }

    public List<Wire.Worker> workers(String zone) { return call(api.workers(zone), false).items(); }

    public Wire.Worker addWorker(String zone, Wire.NewWorker w) { return call(api.addWorker(zone, w), false); }

    public Wire.Worker worker(String zone, String worker) { return call(api.worker(zone, worker), false); }

    public void deleteWorker(String zone, String worker) { call(api.deleteWorker(zone, worker), false); }

    public JsonNode zoneSettings(String zone) { return call(api.zoneSettings(zone), false); }

    public JsonNode putZoneSettings(String zone, JsonNode settings) { return call(api.putZoneSettings(zone, settings), false); }

    public Wire.ZoneCheck checkZone(String zone) { return call(api.checkZone(zone), false); }

    /** Which slices and VMs run on each worker of a zone. */
    public Wire.Placements placements(String zone) { return call(api.placements(zone), false); }

    /** A worker's samples since {@code sinceMillis} (null: the server's whole retention), at most {@code limit}. */
    public Wire.WorkerSamples workerSamples(String zone, String worker, Long sinceMillis, Integer limit) {
        return call(api.samples(zone, worker, sinceMillis, limit), false);
    }

    public List<Wire.AuditEntry> audit(String actor, String action, Integer limit, Integer offset) {
        return call(api.audit(actor, action, limit, offset), false).items();
    }

    // ---- slices ----

    /** Slices: your own (admins: everyone's, or {@code owner}'s); any filter may be null. */
    public Wire.Page<Wire.Slice> slices(String owner, Wire.SliceStatus status, String zone, String query, Integer limit, Integer offset) {
        return call(api.slices(owner, status, zone, query, limit, offset), false);
    }

    public Wire.Saved createSlice(TopologyDocument design) { return call(api.createSlice(TopologyFile.toJson(design)), false); }

    public Wire.SliceDetail slice(long id) { return call(api.slice(id), false); }

    /** The slice's own cloud-config (null when none), merged by the server into what each of its VMs gets. */
    public String cloudConfig(long sliceId) { return call(api.cloudConfig(sliceId), false).cloudConfig(); }

    /** Sets (a document starting with #cloud-config) or clears (null or "") the slice's own cloud-config. */
    public void setCloudConfig(long sliceId, String cloudConfig) { call(api.putCloudConfig(sliceId, new Wire.CloudConfig(cloudConfig)), false); }

    /** The slice's design as the model reads it. */
    public static TopologyDocument design(Wire.SliceDetail d) { return TopologyFile.read(d.design().json()); }

    /**
     * Replaces a slice's design with {@code design}, your change of version {@code basedOn}: the
     * {@code version()} of the {@link Wire.SliceDetail} you read ({@link #slice}) or of the slice
     * your last save returned ({@link Wire.Saved#slice()}). If somebody saved the slice after you
     * read it, nothing is stored and {@link ClientException.Kind#STALE} is thrown: read it again,
     * make your change on that and save it with the new version. The version goes to the server as
     * the ETag it answers with ({@code If-Match: "3"}).
     */
    public Wire.Saved putSlice(long id, long basedOn, TopologyDocument design) {
        return call(api.putSlice(id, etag(basedOn), TopologyFile.toJson(design)), false);
    }

    /** Replaces whatever version of the slice is stored ({@code If-Match: *}): for when overwriting somebody's change is what you mean. */
    public Wire.Saved overwriteSlice(long id, TopologyDocument design) { return call(api.putSlice(id, "*", TopologyFile.toJson(design)), false); }

    /** A slice version as the server's ETag: 3 is "3". */
    static String etag(long version) { return "\"" + version + "\""; }

    public void deleteSlice(long id) { call(api.deleteSlice(id), false); }

    /** The dry run; a design that does not fit is INVALID with every problem in {@link ClientException#problems()}. */
    public Wire.Preview plan(long sliceId) { return call(api.plan(sliceId), false); }

    public Wire.DeployJob deploy(long sliceId) { return call(api.deploy(sliceId), false); }

    public Wire.DeployJob undeploy(long sliceId) { return call(api.undeploy(sliceId), false); }

    /** The slice's latest job (NOT_FOUND when it never had one). */
    public Wire.DeployJob sliceJob(long sliceId) { return call(api.sliceJob(sliceId), false); }

    public List<Wire.VmView> vms(long sliceId) { return call(api.vms(sliceId), false); }

    /** The cloud's own console page of a VM whose consoleKind is {@link Wire.ConsoleKind#BROWSER} (OpenStack's noVNC). */
    public String consoleUrl(long sliceId, String vm) { return call(api.consoleUrl(sliceId, vm), false).url(); }

    /**
     * A one-use ticket for a VM's console WebSocket, for a viewer that cannot send the
     * Authorization header (noVNC in a web view): connect to {@link #address()} + {@code url()}
     * (ws:// or wss://) within 30 s. {@link #openConsole} needs none.
     */
    public Wire.SocketTicket consoleTicket(long sliceId, String vm) { return call(api.consoleTicket(sliceId, vm), false); }

    /** {@code action}: stop, start or reboot. */
    public void power(long sliceId, String vm, String action) { call(api.power(sliceId, vm, new Wire.PowerRequest(action)), false); }

    /** A job and its events after {@code afterSeq}, polled (see {@link #followJob} for live events). */
    public Wire.JobView job(long jobId, int afterSeq) { return call(api.job(jobId, afterSeq), false); }

    /** What the job's failed VMs left before its rollback deleted them (the end of each console), for a job that did not succeed. */
    public Wire.JobEvidence jobEvidence(long jobId) { return call(api.jobEvidence(jobId), false); }

    /**
     * Follows a job's events live (server-sent events) from after {@code afterSeq}; the listener
     * hears each event in order on a background thread, and the stream ends with the job
     * ({@link Wire.DeployEvent.Finished}) or a failure. Close the result to stop listening.
     */
    public AutoCloseable followJob(long jobId, int afterSeq, JobFollower.Listener listener) {
        return JobFollower.start(this, jobId, afterSeq, listener);
    }

    public AutoCloseable followJob(long jobId, JobFollower.Listener listener) {
        return followJob(jobId, 0, listener);
    }

    /** Opens a VM's graphical console (VNC, RFB bytes) through the server as a WebSocket byte pipe. */
    public ConsolePipe openConsole(long sliceId, String vm, ConsolePipe.Listener listener) {
        return ConsolePipe.open(this, sliceId, vm, "console", listener);
    }

    /**
     * Opens a VM's serial console (a text terminal: the guest's output, the keys typed) through
     * the server as a WebSocket byte pipe, on zones whose VMs have one ({@link Wire.VmView#serial()}).
     */
    public ConsolePipe openSerialConsole(long sliceId, String vm, ConsolePipe.Listener listener) {
        return ConsolePipe.open(this, sliceId, vm, "serial", listener);
    }

    /**
     * Opens a TCP byte pipe to port 22 of a VM of a running slice, relayed by the server (GET
     * /slices/{id}/vms/{vm}/ssh): an SSH client speaks SSH through it, end to end with the VM
     * (olimpus-cli slice ssh-proxy gives it to ssh as a ProxyCommand). Only the slice's owner and
     * admins may; zones that do not relay SSH (OpenStack) refuse with what to do instead.
     */
    public ConsolePipe openSsh(long sliceId, String vm, ConsolePipe.Listener listener) {
        return ConsolePipe.open(this, sliceId, vm, "ssh", listener);
    }

    /**
     * Watches a VM's graphical console read-only (an instructor, a student's VM): the same RFB
     * pipe, but the server passes none of the keys, clicks or pasted text written to it.
     */
    public ConsolePipe watchConsole(long sliceId, String vm, ConsolePipe.Listener listener) {
        return ConsolePipe.open(this, sliceId, vm, "console-watch", listener);
    }

    /** Watches a VM's serial console read-only: what the guest writes; nothing written reaches it. */
    public ConsolePipe watchSerialConsole(long sliceId, String vm, ConsolePipe.Listener listener) {
        return ConsolePipe.open(this, sliceId, vm, "serial-watch", listener);
    }

    /**
     * Starts a packet capture on a link of a running slice (Linux zones); read it with
     * {@link LinkCapture#copyTo}, stop it with {@link LinkCapture#close}. Null bounds take the
     * server's defaults (1000 packets, 60 s, 10 MB).
     */
    public LinkCapture capture(long sliceId, String link, Integer packets, Integer seconds, Long bytes) {
        return LinkCapture.open(this, sliceId, link, packets, seconds, bytes);
    }

    @Override
    public void close() {
        background.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ---- errors ----

    private <T> T call(Call<T> c, boolean isLogin) {
        Response<T> r;
        try {
            r = c.execute();
        } catch (JsonProcessingException e) {
            throw new ClientException(ClientException.Kind.SERVER, "The server answered something this desktop does not understand; is it an Olimpus server of the same version?",
                    200, null, null, null, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw transport(e);
        }
        if (r.isSuccessful()) return r.body();
        String body;
        try (var eb = r.errorBody()) {
            body = eb == null ? "" : eb.string();
        } catch (IOException e) {
            body = "";
        }
        throw problem(r.code(), body, isLogin, doing(c.request().method(), c.request().url().encodedPath()));
    }

    /** What a request was doing, in a student's words, for the message of a server failure. */
    static String doing(String method, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.endsWith("/undeploy")) return "undeploying the slice";
        if (p.endsWith("/deploy")) return "deploying the slice";
        if (p.endsWith("/plan")) return "planning the slice";
        if (p.matches(".*/slices(/\\d+)?") && (method.equals("POST") || method.equals("PUT"))) return "saving the slice";
        if (method.equals("DELETE")) return "deleting";
        if (method.equals("GET")) return "reading from the server";
        return "this request";
    }

    ClientException transport(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PinnedTrust.Changed c)
                return new ClientException(ClientException.Kind.CERTIFICATE_CHANGED, "The server at " + address() + " presented a different certificate from the one "
                        + "you accepted (accepted " + new ServerCertificate(c.pinned, "", "", 0).fingerprint() + ", now " + c.seen.fingerprint()
                        + "), so the connection was refused: someone may be intercepting it. Ask your teacher whether the server's certificate was replaced; "
                        + "only then forget the accepted one and connect again.", 0, null, null, null, null, e, c.seen);
            if (t instanceof PinnedTrust.Unknown u)
                return new ClientException(ClientException.Kind.CERTIFICATE, "The server at " + address() + " has a certificate this computer does not trust (SHA-256 "
                        + u.seen.fingerprint() + "), so the connection was not made. Accept it only if your teacher gives you the same fingerprint.",
                        0, null, null, null, null, e, u.seen);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLPeerUnverifiedException || t instanceof javax.net.ssl.SSLHandshakeException
                    || t instanceof java.security.cert.CertificateException)
                return new ClientException(ClientException.Kind.CERTIFICATE, "The server at " + address()
                        + " has a certificate this computer does not trust (or one made for another name), so the connection was not made. Ask your teacher to check the server's certificate.",
                        0, null, null, null, null, e);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ClientException(ClientException.Kind.UNREACHABLE, "The server at " + address()
                + " cannot be reached (" + why + "). Check the address and your network, and that the server is running.",
                0, null, null, null, null, e);
    }

    /** Turns an RFC 9457 problem (or any error answer) into the exception the UI shows. */
    ClientException problem(int status, String body, boolean isLogin) { return problem(status, body, isLogin, "this request"); }

    /** @param doing what the request was doing ("deploying the slice"), named when the server fails */
    ClientException problem(int status, String body, boolean isLogin, String doing) {
        JsonNode p;
        try {
            p = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            p = JSON.createObjectNode();
        }
        String detail = text(p, "detail");
        String field = text(p, "field");
        String reason = text(p, "reason");
        if (field == null && p.path("errors").size() > 0) {
            field = text(p.path("errors").get(0), "field");
            reason = text(p.path("errors").get(0), "reason");
        }
        List<Wire.DesignProblem> problems = List.of();
        if (p.path("problems").isArray())
            problems = JSON.convertValue(p.get("problems"), JSON.getTypeFactory().constructCollectionType(List.class, Wire.DesignProblem.class));
        String said = detail == null ? "HTTP " + status : detail;
        ClientException.Kind kind;
        String msg;
        switch (status) {
            case 401 -> {
                if (isLogin) {
                    kind = ClientException.Kind.CREDENTIALS;
                    msg = "Wrong username or password (or the account is disabled).";
                } else {
                    kind = ClientException.Kind.SESSION_EXPIRED;
                    msg = "Your session has ended (it expired, or you were logged out); please log in again.";
                }
            }
            case 429 -> {
                kind = ClientException.Kind.CREDENTIALS;
                msg = "Too many failed attempts: " + said + ".";
            }
            case 403 -> {
                kind = ClientException.Kind.FORBIDDEN;
                msg = "You are not allowed to do this: " + said + ".";
            }
            case 400, 413, 415, 422 -> {
                kind = ClientException.Kind.INVALID;
                if (!problems.isEmpty())
                    msg = "The design has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": "
                            + problems.get(0).message() + (problems.size() > 1 ? " …" : "");
                else if (field != null) msg = "Please correct " + field + ": " + (reason != null ? reason : said) + ".";
                else msg = "The server refused this: " + said + ".";
            }
            case 404 -> {
                kind = ClientException.Kind.NOT_FOUND;
                msg = "Not found: " + said + ".";
            }
            case 409 -> {
                kind = ClientException.Kind.CONFLICT;
                msg = "Not possible right now: " + said + ".";
            }
            case 412 -> {
                kind = ClientException.Kind.STALE;
                msg = "Someone else changed this since you read it, so nothing was saved; reload it and make your change again.";
            }
            default -> {
                kind = ClientException.Kind.SERVER;
                // The server's own words ("the server failed; the administrator can find incident ...") are not repeated:
                // the student reads what failed, what to try, and what the incident id is for.
                String incident = text(p, "incident");
                msg = incident != null
                        ? "The server hit an internal error while " + doing + " and did not finish it. Try again in a moment; if it fails again,"
                          + " give your teacher or the server's administrator the incident id " + incident + ": it lets them find the error in the server log."
                        : "The server could not finish " + doing + " (HTTP " + status + (detail == null ? "" : ": " + detail)
                          + "). Try again in a moment; if it keeps failing, tell your teacher or the server's administrator.";
            }
        }
        List<ClientException.FieldError> errors = new java.util.ArrayList<>();
        for (JsonNode e : p.path("errors")) errors.add(new ClientException.FieldError(text(e, "field"), text(e, "reason")));
        ClientException ex = new ClientException(kind, msg, status, field, reason, problems, detail, null).withFieldErrors(errors);
        if (kind == ClientException.Kind.SESSION_EXPIRED) {
            token = null;
            sessionExpired.accept(ex);
        }
        return ex;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n == null ? null : n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
