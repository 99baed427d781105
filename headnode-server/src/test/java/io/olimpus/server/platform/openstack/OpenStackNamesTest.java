package io.olimpus.server.platform.openstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The names the driver gives the cloud's resources, and the owners it reads back from them. */
class OpenStackNamesTest {
    @Test
    void aSliceProjectIsNamedAfterTheSliceIdWhichMustBeSafe() {
        assertThat(OpenStackNames.project("s1")).isEqualTo("olimpus-s1");
        for (String bad : new String[]{null, "", "S1", "-s", "s 1", "s;rm", "a".repeat(41)})
            assertThatThrownBy(() -> OpenStackNames.project(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void networksAndPortsCarryTheirOwnerWhichListingReadsBack() {
        assertThat(OpenStackNames.network("net-l1")).isEqualTo("olimpus-net:net-l1");
        assertThat(OpenStackNames.port("vm-1")).isEqualTo("olimpus-port:vm-1");
        assertThat(OpenStackNames.ownerOf(OpenStackNames.network("net-l1"), OpenStackNames.NET)).isEqualTo("net-l1");
        assertThat(OpenStackNames.ownerOf(OpenStackNames.port("vm-1"), OpenStackNames.PORT)).isEqualTo("vm-1");
        assertThatThrownBy(() -> OpenStackNames.network("net/../x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OpenStackNames.qosPolicy("l3")).isEqualTo("olimpus-qos:l3");
        assertThatThrownBy(() -> OpenStackNames.qosPolicy("l 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMadeBySomeoneElseHaveNoOwner() {
        assertThat(OpenStackNames.ownerOf(null, OpenStackNames.NET)).isNull();
        assertThat(OpenStackNames.ownerOf("private", OpenStackNames.NET)).isNull();
        assertThat(OpenStackNames.ownerOf("olimpus-net:", OpenStackNames.NET)).isNull();
        assertThat(OpenStackNames.ownerOf("olimpus-net:a b", OpenStackNames.NET)).isNull();
        assertThat(OpenStackNames.ownerOf("olimpus-port:vm-1", OpenStackNames.NET)).isNull();
    }
}
