package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.CaptureLimits;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.Optional;

/**
 * A capture on a link: tcpdump on the tap of one of the link's VM NICs, on that VM's worker,
 * writing pcap to standard output (the SSH channel). A tap carries everything the NIC sends and
 * receives, so one end sees both directions of the link.
 */
final class Tcpdump {
    private Tcpdump() {}

    /** The NIC a capture on {@code linkId} listens on: the first VM of the plan with a NIC made by that link. */
    record End(VmPlan vm, NicPlan nic) {
        String tap() { return LinuxNames.tap(nic.mac()); }
    }

    static Optional<End> end(DeploymentPlan plan, String linkId) {
        for (VmPlan vm : plan.vms())
            for (NicPlan nic : vm.nics())
                if (linkId.equals(nic.linkId())) return Optional.of(new End(vm, nic));
        return Optional.empty();
    }

    /**
     * tcpdump bounded by packets ({@code -c}) and seconds ({@code timeout}), flushing each packet
     * ({@code -U}) so it leaves at once. The channel's standard input is kept on descriptor 3 and
     * watched: the server closes it to stop the capture (the client went away, a byte bound was
     * hit), and the watcher then ends tcpdump instead of leaving it to the next packet's SIGPIPE,
     * which on a quiet link would not come. When tcpdump ends by itself the watcher is ended too,
     * so nothing outlives the channel. The watcher is a subshell blocked in the shell's own
     * {@code read}, one process that dies with its SIGTERM.
     */
    static final String CAPTURE = String.join("\n",
            "if [ ! -e \"/sys/class/net/$tap\" ]; then echo \"no interface $tap on this host: the VM is stopped or gone\" >&2; exit 3; fi",
            "exec 3<&0 </dev/null",
            "timeout \"$secs\" tcpdump -U -n -s 0 -w - -i \"$tap\" -c \"$count\" 3<&- &",
            "pid=$!",
            "( while IFS= read -r _; do :; done <&3; kill \"$pid\" 2>/dev/null ) >/dev/null 2>&1 &",
            "watcher=$!",
            "exec 3<&-",
            "rc=0; wait \"$pid\" || rc=$?",
            "kill \"$watcher\" 2>/dev/null || true",
            "exit \"$rc\"");

    static Script capture(String tap, CaptureLimits limits) {
        LinuxNames.requireInterface("tap", tap);
        return Script.create().fixed(CAPTURE, Script.var("tap", tap),
                Script.var("count", Integer.toString(limits.packets())), Script.var("secs", Integer.toString(limits.seconds())));
    }
}
