package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.guest.CloudConfig;
import io.olimpus.server.engine.guest.GuestAccess;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A server's user_data on an OpenStack zone: the VM's cloud-config, base64 as Nova takes it, in the create request's body. */
class GuestUserDataTest {
    static final VmPlan VM = new VmPlan("vm-1", "web1", "nova", "tiny", new Resources(1, 128, 1), "debian", false, List.of());

    @Test
    void theUserDataIsTheVmsCloudConfigInBase64() {
        var access = new GuestAccess("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H a@b", "pw", "#cloud-config\npackages: [tcpdump]\n");
        var slice = new SliceContext("s1", "ring", new DeploymentPlan("ring", "unit", List.of(), List.of(VM)), access);
        String b64 = GuestUserData.of(slice, VM);
        assertThat(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)).isEqualTo(CloudConfig.userData("web1", access))
                .contains("hostname: \"web1\"", "ssh_authorized_keys:", "packages: [tcpdump]");
    }

    @Test
    void novaReceivesItAsUserData() throws Exception {
        var slice = new SliceContext("s1", "ring", new DeploymentPlan("ring", "unit", List.of(), List.of(VM)));
        var sc = Builders.server().name("olimpus-web1").flavor("f").image("i").userData(GuestUserData.of(slice, VM)).build();
        assertThat(new ObjectMapper().writeValueAsString(sc)).contains("\"user_data\":\"" + GuestUserData.of(slice, VM) + "\"");
    }
}
