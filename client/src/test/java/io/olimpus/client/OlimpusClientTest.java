package io.olimpus.client;

import io.olimpus.client.ClientException.Kind;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.olimpus.client.testing.ServerFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The desktop's REST client against a real headnode started in this JVM. */
class OlimpusClientTest {
    static RealServer server;
    static OlimpusClient admin;
    static ServerFixtures fx;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = RealServer.start();
        admin = server.admin();
        fx = new ServerFixtures(server, admin);
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (server != null) server.close();
    }


    @Test
    void addressesAreNormalised() {
        assertThat(OlimpusClient.apiBase("localhost:8000").toString()).isEqualTo("http://localhost:8000/api/v1/");
        assertThat(OlimpusClient.apiBase("https://h.example.org/api/v1/").toString()).isEqualTo("https://h.example.org/api/v1/");
        assertThat(OlimpusClient.apiBase("http://h:1/olimpus").toString()).isEqualTo("http://h:1/olimpus/api/v1/");
        assertThat(failure(() -> OlimpusClient.connect("http://")).kind()).isEqualTo(Kind.INVALID);
    }

    @Test
    void loginWorksAndWhoAmIAnswers() {
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl().replace("http://", ""))) {
            assertThat(c.health().status()).isEqualTo("ok");
            Wire.LoginResponse s = c.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            assertThat(s.token()).isNotBlank();
            assertThat(s.expiresAt()).isGreaterThan(System.currentTimeMillis());
            assertThat(s.user().admin()).isTrue();
            assertThat(c.me().username()).isEqualTo(RealServer.ADMIN);
            c.logout();
            assertThat(c.loggedIn()).isFalse();
        }
    }

    @Test
    void aUserKeepsAnSshKeyInTheirProfileAndASliceItsOwnCloudConfig() {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H admin@desk";
        assertThat(admin.setSshPublicKey(key).sshPublicKey()).isEqualTo(key);
        assertThat(admin.me().sshPublicKey()).isEqualTo(key);
        ClientException bad = failure(() -> admin.setSshPublicKey("ssh-dss AAAA"));
        assertThat(bad.field()).isEqualTo("sshPublicKey");
        assertThat(admin.setSshPublicKey(null).sshPublicKey()).isNull();

        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("cc"), null, 3, fx.flavor(), fx.image(tmp))).slice().id();
        assertThat(admin.cloudConfig(id)).isNull();
        admin.setCloudConfig(id, "#cloud-config\npackages: [tcpdump]\n");
        assertThat(admin.cloudConfig(id)).isEqualTo("#cloud-config\npackages: [tcpdump]\n");
        assertThat(failure(() -> admin.setCloudConfig(id, "packages: [tcpdump]")).field()).isEqualTo("cloudConfig");
        admin.setCloudConfig(id, null);
        assertThat(admin.cloudConfig(id)).isNull();
    }

    @Test
    void anAdminGivesAZoneTheNameACourseFileUsesAndEveryoneReadsIt() {
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            c.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            String zone = "aliased" + Long.toString(System.nanoTime(), 36);
            c.createZone(new Wire.NewZone(zone, "linux", null));
            assertThat(c.setAliases("zone", zone, List.of("Golden Zone " + zone))).containsExactly("Golden Zone " + zone);
            assertThat(c.aliases()).contains(new Wire.CatalogAlias("zone", "Golden Zone " + zone, zone));
            ClientException e = failure(() -> c.setAliases("zone", zone, List.of("plainname")));
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).contains("valid name itself");
        }
    }

    @Test
    void aWrongPasswordIsCredentials() {
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            ClientException e = failure(() -> c.login(RealServer.ADMIN, "not-the-password"));
            assertThat(e.kind()).isEqualTo(Kind.CREDENTIALS);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("Wrong username or password");
            assertThat(c.loggedIn()).isFalse();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsUnreachable() throws Exception {
        try (OlimpusClient c = OlimpusClient.connect("127.0.0.1:" + ServerFixtures.closedPort())) {
            ClientException e = failure(() -> c.login("someone", "whatever-1"));
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("cannot be reached");
        }
    }

    @Test
    void aServerGoingAwayMidSessionIsUnreachableAndTheSessionResumesWhenItIsBack() throws Exception {
        try (RealServer own = RealServer.start(); OlimpusClient c = OlimpusClient.connect(own.baseUrl())) {
            c.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            own.stop();
            ClientException e = failure(c::me);
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(c.loggedIn()).as("a server that is away has not ended the session").isTrue();
            own.restart();
            assertThat(c.me().username()).isEqualTo(RealServer.ADMIN);
        }
    }

    @Test
    void aRevokedTokenIsSessionExpiredAndTheListenerHearsIt() {
        String name = ServerFixtures.unique("rev");
        admin.createUser(new Wire.NewUser(name, "first-pass-1", null, null, null, null));
        try (OlimpusClient student = OlimpusClient.connect(server.baseUrl())) {
            student.login(name, "first-pass-1");
            AtomicReference<ClientException> heard = new AtomicReference<>();
            student.onSessionExpired(heard::set);
            assertThat(student.me().username()).isEqualTo(name);
            // An admin resets the password: the server ends the student's sessions.
            admin.resetPassword(name, "second-pass-2");
            ClientException e = failure(student::me);
            assertThat(e.kind()).isEqualTo(Kind.SESSION_EXPIRED);
            assertThat(e.getMessage()).contains("log in again");
            assertThat(heard.get()).isSameAs(e);
            assertThat(student.loggedIn()).isFalse();
        }
    }

    @Test
    void anExpiredTokenIsSessionExpired() throws Exception {
        try (RealServer shortLived = RealServer.start(c -> c.withTokenTtl(Duration.ofSeconds(1)));
             OlimpusClient c = OlimpusClient.connect(shortLived.baseUrl())) {
            Wire.LoginResponse s = c.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            long deadline = System.currentTimeMillis() + 15_000;
            ClientException e = null;
            while (e == null && System.currentTimeMillis() < deadline) {
                try {
                    c.me();
                    Thread.sleep(100);
                } catch (ClientException x) {
                    e = x;
                }
            }
            assertThat(e).as("the token of " + s.expiresAt() + " expires").isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.SESSION_EXPIRED);
        }
    }

    @Test
    void badInputIsInvalidAndNamesTheField() {
        ClientException e = failure(() -> admin.createUser(new Wire.NewUser("Bad Name", null, null, null, null, null)));
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.field()).isEqualTo("username");
        assertThat(e.getMessage()).startsWith("Please correct username");

        // A roster with a bad line: the field is "line N: column".
        ClientException csv = failure(() -> admin.importUsers("username,maxVms\n" + ServerFixtures.unique("ok") + ",2\nNOPE,x\n"));
        assertThat(csv.kind()).isEqualTo(Kind.INVALID);
        assertThat(csv.field()).startsWith("line 3");
    }

    @Test
    void aDesignThatDoesNotFitIs422InvalidWithEveryProblem() {
        TopologyDocument doc = ServerFixtures.ring(ServerFixtures.unique("bad"), null, 3, "no-such-flavor", "no-such-image");
        ClientException e = failure(() -> admin.createSlice(doc));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("no-such-flavor"));
        String firstVm = doc.topology().nodes().get(0).id();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.nodeIds()).contains(firstVm));
        assertThat(e.getMessage()).contains("problem");
    }

    @Test
    void aUserIsNotAllowedAdminRoutes() {
        String name = ServerFixtures.unique("plain");
        admin.createUser(new Wire.NewUser(name, "plain-pass-1", "user", null, null, null));
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            c.login(name, "plain-pass-1");
            assertThat(failure(() -> c.users(null, null, null)).kind()).isEqualTo(Kind.FORBIDDEN);
            assertThat(failure(() -> c.slice(999_999)).kind()).isEqualTo(Kind.NOT_FOUND);
        }
    }

    @Test
    void usersAreCreatedImportedDisabledAndGivenQuotas() {
        String a = ServerFixtures.unique("imp"), b = ServerFixtures.unique("imp");
        List<Wire.User> created = admin.importUsers("username,password,maxVms\n" + a + ",pass-word-a,4\n" + b + ",,6\n");
        assertThat(created).extracting(Wire.User::username).containsExactly(a, b);
        assertThat(created.get(1).password()).as("generated, returned once").isNotBlank();
        assertThat(admin.user(a).quota().maxVms()).isEqualTo(4);

        Wire.User q = admin.patchUser(a, Wire.UserPatch.quota(7, 8, 4096));
        assertThat(q.quota()).isEqualTo(new Wire.Quota(7, 8, 4096, 20, 200, 400));
        assertThat(admin.patchUser(a, Wire.UserPatch.draftLimits(5, 50, 60)).quota()).isEqualTo(new Wire.Quota(7, 8, 4096, 5, 50, 60));
        assertThat(admin.patchUser(a, Wire.UserPatch.disabled(true)).disabled()).isTrue();
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            assertThat(failure(() -> c.login(a, "pass-word-a")).kind()).isEqualTo(Kind.CREDENTIALS);
            admin.patchUser(a, Wire.UserPatch.disabled(false));
            String generated = admin.resetPassword(a, null);
            assertThat(c.login(a, generated).user().username()).isEqualTo(a);
        }
        assertThat(admin.users(a, null, null).items()).extracting(Wire.User::username).containsExactly(a);
        assertThat(failure(() -> admin.createUser(new Wire.NewUser(a, null, null, null, null, null))).kind()).isEqualTo(Kind.CONFLICT);
    }

    @Test
    void slicesAreCreatedReadReplacedListedAndDeleted() {
        String flavor = fx.flavor(), image = fx.image(tmp);
        String name = ServerFixtures.unique("ring");
        Wire.Saved saved = admin.createSlice(ServerFixtures.ring(name, null, 4, flavor, image));
        long id = saved.slice().id();
        assertThat(saved.slice().status()).isEqualTo(Wire.SliceStatus.DRAFT);
        assertThat(saved.slice().vmCount()).isEqualTo(4);

        Wire.SliceDetail d = admin.slice(id);
        TopologyDocument doc = OlimpusClient.design(d);
        assertThat(doc.topology().nodes()).hasSize(4);

        Wire.Saved replaced = admin.putSlice(id, d.version(), ServerFixtures.ring(name, null, 5, flavor, image));
        assertThat(replaced.slice().vmCount()).isEqualTo(5);
        assertThat(replaced.slice().version()).isGreaterThan(saved.slice().version());
        // A change based on the version read before that save is refused, and nothing of it is stored.
        ClientException stale = failure(() -> admin.putSlice(id, d.version(), ServerFixtures.ring(name, null, 3, flavor, image)));
        assertThat(stale.kind()).isEqualTo(Kind.STALE);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.getMessage()).contains("reload");
        assertThat(admin.slice(id).vmCount()).isEqualTo(5);
        assertThat(admin.overwriteSlice(id, ServerFixtures.ring(name, null, 3, flavor, image)).slice().vmCount()).isEqualTo(3);
        assertThat(admin.slices(null, Wire.SliceStatus.DRAFT, null, name, null, null).items()).extracting(Wire.Slice::id).containsExactly(id);

        admin.deleteSlice(id);
        assertThat(failure(() -> admin.slice(id)).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aZoneWhoseKeyFileHoldsNoKeyIsAConflictOnTheZoneNotAServerFault() throws Exception {
        String zone = fx.linuxZoneWithABrokenKey(), flavor = fx.flavor(), image = fx.image(tmp);
        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("key"), zone, 3, flavor, image)).slice().id();

        ClientException e = failure(() -> admin.plan(id));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.field()).isEqualTo("zone");
        assertThat(e.getMessage()).contains("broken_key");
    }

    @Test
    void aPlanPlacesEveryVmAndAFailingDeployIsFollowedToItsRollback() throws Exception {
        String zone = fx.linuxZoneGoingNowhere(), flavor = fx.flavor(), image = fx.image(tmp);
        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("dep"), zone, 3, flavor, image)).slice().id();

        Wire.Preview p = admin.plan(id);
        assertThat(p.diff().addedVms().size()).isEqualTo(3);
        assertThat(p.plan().toString()).contains("vm1", "vm2", "vm3");

        Wire.DeployJob job = admin.deploy(id);
        assertThat(job.kind()).isEqualTo(Wire.JobKind.DEPLOY);
        Followed first = follow(job.id(), 0, 60);
        assertThat(first.failure()).isNull();
        List<Wire.JobEvent> events = first.events();
        assertThat(events).extracting(Wire.JobEvent::seq).isSorted().doesNotHaveDuplicates();
        Wire.JobEvent last = events.get(events.size() - 1);
        assertThat(last.event()).isInstanceOf(Wire.DeployEvent.Finished.class);
        assertThat(((Wire.DeployEvent.Finished) last.event()).outcome()).isEqualTo(Wire.JobOutcome.ROLLED_BACK);
        assertThat(((Wire.DeployEvent.Finished) last.event()).message()).isNotBlank();
        // The Finished event can be written a moment before the job's row says so: poll, bounded.
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until && !admin.sliceJob(id).finished()) Thread.sleep(50);
        assertThat(admin.sliceJob(id).state()).isEqualTo(Wire.JobState.ROLLED_BACK);
        assertThat(admin.slice(id).status()).isEqualTo(Wire.SliceStatus.FAILED);

        // Following the finished job again replays what came after the given seq (here: all of it).
        Followed again = follow(job.id(), 0, 30);
        assertThat(again.failure()).isNull();
        List<Wire.JobEvent> rest = again.events();
        assertThat(rest).isEqualTo(events);
        assertThat(admin.job(job.id(), 0).events()).hasSize(events.size());
        // No VM got to fail (the platform could not even be listed): the job kept no evidence, and says so.
        Wire.JobEvidence evidence = admin.jobEvidence(job.id());
        assertThat(evidence.jobId()).isEqualTo(job.id());
        assertThat(evidence.vms()).isEmpty();
        assertThatThrownBy(() -> admin.jobEvidence(987_654)).isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void followingAJobOfNobodyFailsWithNotFound() throws Exception {
        Followed f = follow(987_654, 0, 10);
        assertThat(f.events()).isEmpty();
        assertThat(f.failure().kind()).isEqualTo(Kind.NOT_FOUND);
    }

    record Followed(List<Wire.JobEvent> events, ClientException failure) {}

    /** Follows a job until its Finished event or a failure, within {@code seconds}. */
    static Followed follow(long jobId, int after, int seconds) throws Exception {
        List<Wire.JobEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<ClientException> failed = new AtomicReference<>();
        try (AutoCloseable f = admin.followJob(jobId, after, new JobFollower.Listener() {
            @Override public void onEvent(Wire.JobEvent e) {
                events.add(e);
                if (e.finished()) done.countDown();
            }

            @Override public void onFailure(ClientException e) {
                failed.set(e);
                done.countDown();
            }
        })) {
            assertThat(done.await(seconds, TimeUnit.SECONDS)).as("job " + jobId + " finished or failed").isTrue();
        }
        return new Followed(List.copyOf(events), failed.get());
    }

    @Test
    void anUploadReportsProgressAndLandsInTheCatalog() throws Exception {
        String name = ServerFixtures.unique("up");
        Path disk = ServerFixtures.qcow2(tmp, name, 3_000_000);
        List<Long> seen = new CopyOnWriteArrayList<>();
        ImageUpload up = admin.uploadImage(name, disk, (sent, total) -> seen.add(sent));
        Wire.Image img = up.result().get(30, TimeUnit.SECONDS);
        assertThat(img.name()).isEqualTo(name);
        assertThat(img.diskFormat()).isEqualTo("qcow2");
        assertThat(img.ready()).isTrue();
        assertThat(img.sizeBytes()).isEqualTo(3_000_000);
        assertThat(seen).isSorted().hasSizeGreaterThan(10);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(3_000_000L);
        assertThat(admin.images()).extracting(Wire.Image::name).contains(name);
    }

    @Test
    void aCancelledUploadLeavesNoHalfImage() throws Exception {
        String name = ServerFixtures.unique("cancel");
        Path disk = ServerFixtures.qcow2(tmp, name, 64 * 1024 * 1024);
        long filesBefore = storedImageFiles();
        AtomicLong sentWhenCancelled = new AtomicLong();
        ImageUpload[] up = new ImageUpload[1];
        CountDownLatch begun = new CountDownLatch(1);
        up[0] = admin.uploadImage(name, disk, (sent, total) -> {
            if (sent >= 2 * 1024 * 1024 && begun.getCount() > 0) {
                sentWhenCancelled.set(sent);
                begun.countDown();
                up[0].cancel();
            }
        });
        assertThat(begun.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(catchThrowableOfType(CancellationException.class, () -> up[0].result().join())).isNotNull();
        assertThat(sentWhenCancelled.get()).isLessThan(disk.toFile().length());

        // The server notices the cut and removes the partial file; nothing of the image stays.
        Path incoming = server.dataDir().resolve("images").resolve(".incoming");
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && count(incoming) > 0) Thread.sleep(50);
        assertThat(count(incoming)).isZero();
        assertThat(storedImageFiles()).isEqualTo(filesBefore);
        assertThat(failure(() -> admin.image(name)).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(admin.images()).extracting(Wire.Image::name).doesNotContain(name);
    }

    @Test
    void aConsoleOfASliceThatDoesNotRunIsRefusedWithTheReason() throws Exception {
        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("con"), null, 3, fx.flavor(), fx.image(tmp))).slice().id();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<ClientException> failed = new AtomicReference<>();
        try (ConsolePipe pipe = admin.openConsole(id, "vm1", new ConsolePipe.Listener() {
            @Override public void onBytes(byte[] bytes) {}
            @Override public void onClosed(int code, String reason) { done.countDown(); }
            @Override public void onFailure(ClientException e) { failed.set(e); done.countDown(); }
        })) {
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failed.get()).isNotNull();
        assertThat(failed.get().kind()).isIn(Kind.CONFLICT, Kind.NOT_FOUND);
        assertThat(failed.get().serverDetail()).isNotBlank();
    }

    @Test
    void aBrowserConsoleOfASliceThatDoesNotRunIsRefusedOnItsStatus() {
        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("url"), null, 3, fx.flavor(), fx.image(tmp))).slice().id();

        ClientException e = failure(() -> admin.consoleUrl(id, "vm1"));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.field()).isEqualTo("status");
        assertThat(e.serverDetail()).contains("a console is open only while it runs");
    }

    @Test
    void aConsoleTicketRunsTheConsolesChecksFirst() {
        long id = admin.createSlice(ServerFixtures.ring(ServerFixtures.unique("tkt"), null, 3, fx.flavor(), fx.image(tmp))).slice().id();

        ClientException e = failure(() -> admin.consoleTicket(id, "vm1"));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.serverDetail()).contains("a console is open only while it runs");
    }

    private static long storedImageFiles() throws Exception {
        return count(server.dataDir().resolve("images"));
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
