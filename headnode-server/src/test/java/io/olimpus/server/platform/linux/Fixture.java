package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A small cluster for script tests: headnode hn and workers w1, w2; one network (segment 101,
 * 10.1.0.0/24) across both workers with vm1 (internet) on w1 and vm2 on w2, both booting the
 * kernel image "guest"; and a point-to-point network (segment 102) between them.
 */
final class Fixture {
    /** How an OVS zone's script reads on a host: Open vSwitch's part when the host has it, the Linux bridges' part otherwise (OvsFabric). */
    static String ovsOrBridges(String ovs, String bridges) {
        return "if command -v ovs-vsctl >/dev/null 2>&1; then\n" + ovs + "else\n" + (bridges.isEmpty() ? ":\n" : bridges) + "fi\n";
    }

    static final String KERNEL_SHA = "a".repeat(64), INITRD_SHA = "b".repeat(64), DISK_SHA = "c".repeat(64);
    static final LinuxHost HN = host("hn", "198.18.0.10");
    static final LinuxHost W1 = host("w1", "198.18.0.11");
    static final LinuxHost W2 = host("w2", "198.18.0.12");

    static final NetworkPlan LAN = new NetworkPlan("net-a", "lan", 101, "10.1.0.0/24", "10.1.0.1", List.of("w1", "w2"));
    static final NetworkPlan P2P = new NetworkPlan("net-b", "p2p", 102, "10.1.1.0/24", "10.1.1.1", List.of("w1", "w2"));
    static final VmPlan VM1 = new VmPlan("vm-1", "vm1", "w1", "tiny", new Resources(1, 128, 1), "guest", true,
            List.of(new NicPlan(0, "l1", "net-a", "52:54:00:00:00:0a", "10.1.0.2"), new NicPlan(1, "l2", "net-b", "52:54:00:00:01:0a", "10.1.1.2")));
    static final VmPlan VM2 = new VmPlan("vm-2", "vm2", "w2", "tiny", new Resources(2, 256, 3), "disk", false,
            List.of(new NicPlan(0, "l3", "net-a", "52:54:00:00:00:0b", "10.1.0.3")));
    static final SliceContext SLICE = new SliceContext("s42", "demo", new DeploymentPlan("demo", "z", List.of(LAN, P2P), List.of(VM1, VM2)));

    private Fixture() {}

    private static LinuxHost host(String name, String data) {
        return new LinuxHost(name, new SshEndpoint(name, "192.0.2.1", 22, "root"), data, name.equals("w1"), "/var/lib/olimpus");
    }

    static LinuxZone zone(DataPlane plane) {
        return new LinuxZone(plane, HN, Map.of("w1", W1, "w2", W2), "eth0");
    }

    /** A kernel image "guest" and a qcow2 disk image "disk"; every file's bytes are its role. */
    static final ImageSource IMAGES = new ImageSource() {
        @Override
        public Image resolve(String name) {
            return name.equals("disk")
                    ? new Image("disk", Kind.DISK, "qcow2", List.of(new ImageFile("disk", DISK_SHA, 4)))
                    : new Image("guest", Kind.KERNEL, null, List.of(new ImageFile("kernel", KERNEL_SHA, 6), new ImageFile("initrd", INITRD_SHA, 6)));
        }

        @Override
        public InputStream open(String name, String role) { return new ByteArrayInputStream(role.getBytes()); }

        @Override
        public java.util.Set<String> cacheKeys() { return java.util.Set.of(KERNEL_SHA, DISK_SHA); }
    };

    /** Recording hosts whose image caches already hold both images. */
    static RecordingHosts hostsWithImages() {
        return new RecordingHosts()
                .answer("w1", "/kernel | cut", KERNEL_SHA + "\n").answer("w1", "/initrd | cut", INITRD_SHA + "\n")
                .answer("w2", "/disk | cut", DISK_SHA + "\n");
    }

    static LinuxClusterDriver driver(DataPlane plane, RecordingHosts hosts) {
        return new LinuxClusterDriver(zone(plane), hosts, IMAGES);
    }
}
