package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkPropertiesRefusedTest {
    @Test
    void delayJitterAndLossAreRefusedOnTheirLinkNeverIgnoredAndARateIsCarried() {
        VmSpec spec = VmSpec.of("small", "cirros");
        Topology t = new Topology("lab", null, List.of(Node.vm("a", "vm1", spec), Node.vm("b", "vm2", spec), Node.vm("c", "vm3", spec)),
                List.of(new Link("l3", "a", "b", new LinkImpairment(50.0, null, null, 0.2)), new Link("l4", "b", "c", new LinkImpairment(0.0, 0.0, 0.0, 0.0)),
                        new Link("l5", "a", "c", new LinkImpairment(null, null, 1.0, 10.0))));
        List<Problem> problems = OpenStackDriver.linkPropertiesRefused(t);
        assertThat(problems).extracting(Problem::message).containsExactly(
                "link l3: delay is not supported on OpenStack zones (Neutron has no delay, jitter or loss); remove it, keep only a rate, or deploy to a Linux zone",
                "link l5: loss is not supported on OpenStack zones (Neutron has no delay, jitter or loss); remove it, keep only a rate, or deploy to a Linux zone");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.INVALID_LINK_PROPERTY);
            assertThat(p.linkIds()).containsExactly(p.message().substring(5, 7));
        });
    }
}
