package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.guest.CloudConfig;
import io.olimpus.server.engine.plan.VmPlan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A server's cloud-init user_data on an OpenStack zone: the same cloud-config a Linux zone puts
 * in its seed drive (hostname, the owner's SSH key, the deploy's password, the slice's own
 * cloud-config), base64-encoded as Nova takes it; Nova's metadata service and config drive serve it.
 *
 * <p>The owner's key travels in the cloud-config (ssh_authorized_keys), not as a Nova key pair:
 * a key pair belongs to a Keystone user, not to the slice's project, so it would be one more
 * resource per slice to name, journal, delete and sweep as a leftover, for what cloud-init does
 * from the user_data alone. Images that read keys only from a key pair (CirrOS) get none.
 */
final class GuestUserData {
    /** Nova refuses user_data over 65535 bytes (base64); a slice's own cloud-config is bounded well below it. */
    static final int NOVA_MAX = 65535;

    private GuestUserData() {}

    static String of(SliceContext slice, VmPlan vm) {
        String b64 = Base64.getEncoder().encodeToString(CloudConfig.userData(vm.name(), slice.guest()).getBytes(StandardCharsets.UTF_8));
        if (b64.length() > NOVA_MAX) throw new IllegalStateException("user_data of " + b64.length() + " bytes exceeds Nova's " + NOVA_MAX);
        return b64;
    }
}
