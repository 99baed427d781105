package io.olimpus.client.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Catalog, zones and designs made on a {@link RealServer} through the desktop's own client. */
public final class ServerFixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RealServer server;
    private final OlimpusClient admin;

    public ServerFixtures(RealServer server, OlimpusClient admin) {
        this.server = server;
        this.admin = admin;
    }

    public static String unique(String prefix) { return prefix + SEQ.incrementAndGet(); }

    /** The ClientException that {@code call} throws; fails the test when it throws none. */
    public static io.olimpus.client.ClientException failure(Runnable call) {
        io.olimpus.client.ClientException e = org.assertj.core.api.Assertions.catchThrowableOfType(io.olimpus.client.ClientException.class, call::run);
        org.assertj.core.api.Assertions.assertThat(e).as("a ClientException").isNotNull();
        return e;
    }

    /** A tiny qcow2-looking disk: a valid qcow2 header, then filler (at least 512 bytes). */
    public static Path qcow2(Path dir, String name, int size) {
        byte[] b = new byte[Math.max(size, 512)];
        // A qcow2 v3 header as qemu-img writes one (no backing file, not encrypted, 1 GiB virtual), then filler:
        // the server reads the header and refuses a disk that refers to another file.
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b);
        h.putInt(0, 0x514649fb).putInt(4, 3).putInt(20, 16).putLong(24, 1L << 30).putInt(96, 4).putInt(100, 104);
        for (int i = 512; i < size; i++) b[i] = (byte) (i * 31);
        try {
            return Files.write(dir.resolve(name), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal raw disk the server accepts as one: an empty MBR (boot signature 55 AA), then zeros. */
    public static Path rawDisk(Path dir, String name, int size) {
        byte[] b = new byte[Math.max(size, 512)];
        b[510] = 0x55; b[511] = (byte) 0xaa;
        try {
            return Files.write(dir.resolve(name), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String flavor() {
        return admin.createFlavor(new Wire.NewFlavor(unique("fl"), 1, 256, 1)).name();
    }

    public String image(Path dir) {
        String name = unique("img");
        admin.uploadImage(name, qcow2(dir, name + ".qcow2", 4096), null).result().join();
        return name;
    }

    /** {@link #image(Path)} from a temporary folder of its own, removed once the upload is done. */
    public String image() {
        try {
            Path dir = Files.createTempDirectory("olimpus-img-");
            try {
                return image(dir);
            } finally {
                try (var files = Files.list(dir)) { for (Path f : files.toList()) Files.delete(f); }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A linux zone with one worker and settings whose headnode listens nowhere: plans work, deploys fail. */
    public String linuxZoneGoingNowhere() { return linuxZone("headnode_key"); }

    /** A linux zone whose headnode key file is readable but holds no key: a setup fault of the zone. */
    public String linuxZoneWithABrokenKey() {
        try {
            Path refs = server.dataDir().resolve("keys/refs");
            Files.createDirectories(refs);
            Files.writeString(refs.resolve("broken_key"), "this is not an SSH key\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return linuxZone("broken_key");
    }

    private String linuxZone(String headnodeKey) {
        String zone = admin.createZone(new Wire.NewZone(unique("zone"), "linux", null)).name();
        admin.addWorker(zone, new Wire.NewWorker(unique("wk"), "127.0.0.1", "olimpus", "refs/worker_key", 8, 16384, 200, false));
        try {
            Path refs = server.dataDir().resolve("keys/refs");
            Files.createDirectories(refs);
            if (!Files.exists(refs.resolve("known_hosts"))) Files.writeString(refs.resolve("known_hosts"), "");
            for (String key : new String[]{"headnode_key", "worker_key"})
                if (!Files.exists(refs.resolve(key))) writeKey(refs.resolve(key));
            ObjectNode s = JSON.createObjectNode();
            s.put("dataPlane", "OVS").put("addressPool", "10.64.0.0/16").put("subnetPrefix", 24)
                    .put("firstSegmentId", 100).put("lastSegmentId", 4000).put("uplinkInterface", "eth0")
                    .put("knownHostsRef", "refs/known_hosts");
            s.putObject("headnode").put("name", "head").put("mgmtAddress", "127.0.0.1").put("sshPort", closedPort())
                    .put("sshUser", "olimpus").put("sshKeyRef", "refs/" + headnodeKey);
            admin.putZoneSettings(zone, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zone;
    }

    /** A real private key (OpenSSH format) that no host accepts: the deploy gets as far as connecting. */
    private static void writeKey(Path file) throws IOException {
        try {
            var gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            try (var out = Files.newOutputStream(file)) {
                org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                        .writePrivateKey(gen.generateKeyPair(), "olimpus-test", null, out);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { return s.getLocalPort(); }
    }

    /** A ring of n VMs (vm1..vmn) of one flavor and image, in {@code zone} (may be null), made by the designer's own shape generator. */
    public static TopologyDocument ring(String name, String zone, int n, String flavor, String image) {
        Topology t = ShapeGenerator.generate(name, Shape.ring(n).withVm(VmSpec.of(flavor, image)));
        return TopologyDocument.of(zone == null ? t : t.withZone(zone));
    }
}
