package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.Command;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VMs on a worker: per VM a QEMU process run from a launch line kept in the VM's folder (pid file,
 * serial log, monitor and VNC sockets beside it), and per NIC a tap joined to its network's
 * segment.
 */
final class Qemu implements ResourceOwner {
    /** Starts the VM of folder $vm unless its QEMU runs; QEMU's complaint becomes the script's error. */
    private static final String START = "if [ -s \"$vm/qemu.pid\" ] && kill -0 \"$(cat \"$vm/qemu.pid\")\" 2>/dev/null; then :; "
            + "else rm -f \"$vm/serial.sock\" \"$vm/monitor.sock\" \"$vm/vnc.sock\"; "
            + "sh \"$vm/launch.sh\" 2> \"$vm/qemu.err\" || { cat \"$vm/qemu.err\" >&2; exit 1; }; fi";
    /** Asks the QEMU of folder $vm to quit, kills it after 3 s, and forgets its pid. */
    private static final String STOP = "if [ -s \"$vm/qemu.pid\" ]; then p=$(cat \"$vm/qemu.pid\"); if kill -0 \"$p\" 2>/dev/null; then "
            + "echo quit | socat -t 1 - UNIX-CONNECT:\"$vm/monitor.sock\" >/dev/null 2>&1 || true; "
            + "for i in $(seq 1 30); do kill -0 \"$p\" 2>/dev/null || break; sleep 0.1; done; "
            + "! kill -0 \"$p\" 2>/dev/null || kill -KILL \"$p\"; fi; rm -f \"$vm/qemu.pid\"; fi";
    /**
     * One word for the VM of folder $vm (alive, stopped, dead and QEMU's last words, absent). For
     * a live one, whether its guest's kernel panicked or has said it is up on the serial console (a
     * login prompt, or the test bed guest's OLIMPUS-READY line), then the console's last non-empty line.
     */
    static final String PROBE = "if [ -s \"$vm/qemu.pid\" ] && kill -0 \"$(cat \"$vm/qemu.pid\")\" 2>/dev/null; then echo alive; "
            + "if grep -aqE '" + GuestConsole.PANIC + "' \"$vm/serial.log\" 2>/dev/null; then echo guest-panicked; "
            + "elif grep -aqE '" + GuestConsole.READY + "' \"$vm/serial.log\" 2>/dev/null; then echo guest-up; else echo guest-booting; fi; "
            + "tail -c 4096 \"$vm/serial.log\" 2>/dev/null | tr -d '\\r' | grep -av '^[[:space:]]*$' | tail -n 1 || true; "
            + "elif [ -e \"$vm/stopped\" ]; then echo stopped; elif [ -d \"$vm\" ]; then echo dead; "
            + "tail -c 300 \"$vm/qemu.err\" 2>/dev/null || true; else echo absent; fi";

    /** What a live VM's serial console says of its guest. */
    static final class GuestConsole {
        /** A getty's prompt ("vm1 login:", also shown when it logs a user in automatically) or the bed guest's readiness line. */
        static final String READY = "OLIMPUS-READY|[[:alnum:]] login:";
        /**
         * A kernel that panicked never comes up by itself: the boot fails now, with the console's
         * words, rather than after the whole boot budget (600 s by default) spent waiting.
         */
        static final String PANIC = "Kernel panic - not syncing";
        /** Console lines are shown to users: this much at most. */
        static final int MAX_LINE = 120;

        private GuestConsole() {}

        /** The probe's lines after "alive": whether the guest is up, then its console's last line (may be absent). */
        static VmStatus status(String probed, boolean hasNics) {
            String[] lines = probed.strip().split("\n", 3);
            String said = lines.length > 1 ? lines[1].strip() : "";
            boolean up = said.equals("guest-up");
            String last = lines.length > 2 ? clip(lines[2]) : "";
            if (said.equals("guest-panicked"))
                return new VmStatus(VmState.FAILED, "its guest's kernel panicked while booting" + (last.isEmpty() ? "" : " (console: " + last + ")")
                        + "; deploy it again, and if it panics again the image does not boot on this worker: see its console log");
            // Without a NIC there is no lease to wait for: the guest's own word on its console is the readiness.
            if (!hasNics && up) return new VmStatus(VmState.RUNNING, null);
            return new VmStatus(VmState.BOOTING, last.isEmpty() ? null : "console: " + last);
        }

        /** Whether the probe says the guest is up on its console. */
        static boolean up(String probed) {
            String[] lines = probed.strip().split("\n", 3);
            return lines.length > 1 && lines[1].strip().equals("guest-up");
        }

        /** A console line as a user may see it: printable ASCII only (no escape sequences), at most {@link #MAX_LINE} characters. */
        static String clip(String line) {
            String plain = line.replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\u001B[@-_]", "")
                    .replaceAll("[^\\x20-\\x7E]", "").strip();
            return plain.length() <= MAX_LINE ? plain : plain.substring(0, MAX_LINE - 3) + "...";
        }
    }

    private final Fabric fabric;

    Qemu(Fabric fabric) {
        this.fabric = fabric;
    }

    @Override
    public Map<LinuxResource, Remover> removers() {
        return Map.of(LinuxResource.TAP, (slice, host, ref) -> deleteTap(ref), LinuxResource.VM, (slice, host, ref) -> deleteVm(host, ref));
    }

    static String vmDir(LinuxHost h, SliceContext s, VmPlan vm) {
        return h.stateRoot() + "/vms/" + LinuxNames.vmKey(s.sliceId(), vm.name());
    }

    /** The VM's taps, then the VM itself (its folder, disk overlay, launch line) started on {@code h}. */
    List<Creation> create(LinuxHost h, SliceContext slice, VmPlan vm, ImageSource.Image image, String imageCache) {
        String dir = vmDir(h, slice, vm), key = LinuxNames.vmKey(slice.sliceId(), vm.name());
        List<Creation> out = new ArrayList<>();
        List<String> qemu = new ArrayList<>(List.of("qemu-system-x86_64", "-name", key,
                "-accel", h.kvm() ? "kvm" : "tcg,tb-size=16", "-m", String.valueOf(vm.resources().ramMb()),
                "-smp", String.valueOf(Math.max(1, vm.resources().vcpus())), "-nodefaults", "-no-user-config"));
        for (NicPlan nic : vm.nics()) {
            String tap = LinuxNames.tap(nic.mac());
            int seg = slice.plan().network(nic.networkId()).orElseThrow().segmentId();
            Script s = Script.create()
                    .unless(new String[]{"ip", "link", "show", tap}, "ip", "tuntap", "add", "dev", tap, "mode", "tap")
                    .append(fabric.plugTap(tap, seg))
                    .run("ip", "link", "set", tap, "up");
            out.add(new Creation(LinuxResource.TAP.ref(tap, h, vm.vmId()), s));
            // vnet_hdr=off: the guest computes its own TCP and UDP checksums. With the header on, a virtio guest
            // leaves them to "offload", and Open vSwitch's userspace (netdev) datapath forwards such packets with
            // the checksum never completed: every TCP segment from a VM arrived with a bad checksum and was dropped
            // (SSH to a VM from the headnode, TCP between VMs), while ping, whose checksum the guest always makes, passed.
            qemu.addAll(List.of("-netdev", "tap,id=n" + nic.index() + ",ifname=" + tap + ",script=no,downscript=no,vnet_hdr=off",
                    "-device", "virtio-net-pci,netdev=n" + nic.index() + ",mac=" + nic.mac()));
        }
        Script s = Script.create().run("mkdir", "-p", dir);
        if (image.kind() == ImageSource.Kind.KERNEL) {
            // no_timer_check: on a busy worker without KVM the kernel's early check of its timer can
            // time out and panic ("IO-APIC + timer doesn't work!"); virtual hardware needs no such check.
            qemu.addAll(List.of("-kernel", imageCache + "/kernel", "-initrd", imageCache + "/initrd",
                    "-append", "console=ttyS0 quiet no_timer_check olimpus.name=" + vm.name() + " olimpus.nics=" + vm.nics().size()));
        } else {
            s.unless(new String[]{"test", "-e", dir + "/disk.qcow2"}, "qemu-img", "create", "-q", "-f", "qcow2", "-F", image.diskFormat(),
                    "-b", imageCache + "/disk", dir + "/disk.qcow2", vm.resources().diskGb() + "G");
            qemu.addAll(List.of("-drive", "file=" + dir + "/disk.qcow2,if=virtio,format=qcow2"));
            // A disk image boots its own system, which may run cloud-init: its hostname and its owner's access come from the seed.
            s.append(CloudInitSeed.build(dir, slice, vm));
            qemu.addAll(CloudInitSeed.drive(dir));
        }
        qemu.addAll(List.of("-chardev", "socket,id=ser0,path=" + dir + "/serial.sock,server=on,wait=off,logfile=" + dir + "/" + SERIAL_LOG,
                "-serial", "chardev:ser0", "-monitor", "unix:" + dir + "/monitor.sock,server=on,wait=off",
                "-vga", "std", "-vnc", "unix:" + dir + "/vnc.sock", "-daemonize", "-pidfile", dir + "/qemu.pid"));
        // The launch line is kept on the worker so start after stop runs exactly the same VM.
        s.write(dir + "/launch.sh", Script.command(qemu.toArray(String[]::new)));
        s.append(startIfStopped(dir));
        out.add(new Creation(LinuxResource.VM.ref(key, h, vm.vmId()), s));
        return out;
    }

    private Script deleteTap(ResourceRef ref) {
        String tap = LinuxNames.requireInterface("tap", ref.name());
        return Script.create().append(fabric.unplugTap(tap))
                .unless(new String[]{"sh", "-c", "! ip link show \"$0\"", tap}, "ip", "link", "del", tap);
    }

    private static Script deleteVm(LinuxHost h, ResourceRef ref) {
        String dir = h.stateRoot() + "/vms/" + requireVmKey(ref.name());
        return stop(dir).run("rm", "-rf", dir);
    }

    private static String requireVmKey(String key) {
        int sep = key.indexOf("--");
        if (sep < 0) throw new DriverException("resource name '" + key + "' is not a VM key");
        return LinuxNames.vmKey(key.substring(0, sep), key.substring(sep + 2));
    }

    // ---- running VMs ------------------------------------------------------------------------

    static Script power(String dir, PowerAction action) {
        return switch (action) {
            case STOP -> stop(dir).run("touch", dir + "/stopped");
            case START -> startIfStopped(dir);
            case REBOOT -> Script.create().run(Command.of("echo", "system_reset").pipe("socat", "-t", "1", "-", "UNIX-CONNECT:" + dir + "/monitor.sock"));
        };
    }

    private static Script startIfStopped(String dir) {
        return Script.create().run("rm", "-f", dir + "/stopped").fixed(START, Script.var("vm", dir));
    }

    private static Script stop(String dir) {
        return Script.create().fixed(STOP, Script.var("vm", dir));
    }

    static Script probe(String dir) {
        return Script.create().fixed(PROBE, Script.var("vm", dir));
    }

    /** What {@link #probe} said, unless the VM's QEMU is alive (then only its guest can say more). */
    static Optional<VmStatus> notAlive(String probed, LinuxHost h) {
        String state = probed.trim();
        if (state.startsWith("stopped")) return Optional.of(new VmStatus(VmState.STOPPED, null));
        if (state.startsWith("absent")) return Optional.of(new VmStatus(VmState.FAILED, "no QEMU state on " + h.name()));
        if (state.startsWith("dead"))
            return Optional.of(new VmStatus(VmState.FAILED, "QEMU exited on " + h.name() + state.substring(4).strip().transform(t -> t.isEmpty() ? "" : ": " + t)));
        return Optional.empty();
    }

    /** The guest's serial console, as QEMU logs it in the VM's folder. */
    static final String SERIAL_LOG = "serial.log";
    /** What QEMU said on its error output when it was launched. */
    static final String ERRORS = "qemu.err";
    /** Raw bytes read from the end of a log: more than {@link VmEvidence#MAX_CHARS}, since escape sequences are dropped after. */
    private static final int TAIL_BYTES = 4 * VmEvidence.MAX_CHARS;

    /** The end of a file of the VM's folder; nothing (and success) when it is not there. */
    static Script tail(String dir, String file) {
        return Script.create().tolerate("tail", "-c", String.valueOf(TAIL_BYTES), dir + "/" + file);
    }

    /** The VM's console sockets in its folder: QEMU serves VNC and the serial port only on them, never on a TCP port. */
    enum ConsoleSocket {
        VNC("vnc.sock", "console"), SERIAL("serial.sock", "serial console");

        final String file, what;

        ConsoleSocket(String file, String what) {
            this.file = file;
            this.what = what;
        }
    }

    /** Whether the VM's socket is there. */
    static Script hasSocket(String dir, ConsoleSocket socket) {
        return Script.create().run("test", "-S", dir + "/" + socket.file);
    }

    /** The end of the VM's serial log, then what is added to it, until the stream is closed (its input is never read). */
    static Script followSerialLog(String dir) {
        return Script.create().exec("tail", "-c", "8192", "-F", dir + "/" + SERIAL_LOG);
    }

    /** Joins the VM's socket to the script's standard input and output. */
    static Script joinSocket(String dir, ConsoleSocket socket) {
        return Script.create().exec("socat", "-", "UNIX-CONNECT:" + dir + "/" + socket.file);
    }
}
