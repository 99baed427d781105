package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.guest.CloudConfig;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.Script;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A VM's cloud-init NoCloud seed on its worker: a small FAT image labelled CIDATA (cloud-init
 * looks for cidata or CIDATA) holding user-data and meta-data, attached to the VM as a read-only
 * drive after its disk. An image without cloud-init never reads it.
 *
 * <p>The files travel base64-encoded inside the script (a constant snippet reads them as quoted
 * variables), so nothing a user wrote is ever shell syntax. The seed is built anew under a
 * temporary name and renamed, so a retried create never finds half a seed, and the clear files
 * are removed once inside it. It holds the VM's password in clear, so it is made readable by the
 * SSH user (root) only, whatever the worker's umask; it lives in the VM's folder and goes with the VM.
 */
final class CloudInitSeed {
    static final String FILE = "seed.img";
    /** 1 MiB of FAT: the user-data is at most a few tens of KiB. */
    private static final String SIZE_KIB = "1024";
    private static final String BUILD = "( umask 077; t=\"$vm/seed.tmp\"; rm -f \"$t\" \"$vm/user-data\" \"$vm/meta-data\"\n"
            + "printf '%s' \"$ud\" | base64 -d > \"$vm/user-data\"\n"
            + "printf '%s' \"$md\" | base64 -d > \"$vm/meta-data\"\n"
            + "mkfs.vfat -n CIDATA -C \"$t\" " + SIZE_KIB + " >/dev/null\n"
            + "mcopy -o -i \"$t\" \"$vm/user-data\" \"$vm/meta-data\" ::\n"
            + "rm -f \"$vm/user-data\" \"$vm/meta-data\"; mv -f \"$t\" \"$vm/" + FILE + "\" )";

    private CloudInitSeed() {}

    /** Writes the seed of {@code vm} into its folder {@code dir}. */
    static Script build(String dir, SliceContext slice, VmPlan vm) {
        String userData = CloudConfig.userData(vm.name(), slice.guest());
        String metaData = CloudConfig.metaData(LinuxNames.vmKey(slice.sliceId(), vm.name()), vm.name());
        return Script.create().fixed(BUILD, Script.var("vm", dir), Script.var("ud", base64(userData)), Script.var("md", base64(metaData)));
    }

    /** QEMU's options for the seed drive: virtio, raw, read-only (the guest has no business writing it). */
    static List<String> drive(String dir) {
        return List.of("-drive", "file=" + dir + "/" + FILE + ",if=virtio,format=raw,readonly=on");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
