package io.olimpus.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.wire.Wire.DeployEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire names the records promise: event type names, lower-case enum names, raw designs. */
class WireJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eventsCarryTheirTypeNameFirstAndReadBack() throws Exception {
        List<DeployEvent> all = List.of(new DeployEvent.Progress(1, 3, "network net1"),
                new DeployEvent.VmChanged("n1", "vm1", Wire.VmState.BOOTING, null),
                new DeployEvent.ResourceCreated(new Wire.ResourceRef("linux.vm", "s1-vm1", "w1", "n1", 30)),
                new DeployEvent.ResourceDeleted(new Wire.ResourceRef("linux.bridge", "b1", null, "slice", 10)),
                new DeployEvent.RollingBack("worker gone"),
                new DeployEvent.Finished(Wire.JobOutcome.ROLLED_BACK, "rolled back"));
        for (DeployEvent e : all) {
            String text = json.writeValueAsString(e);
            assertThat(text).startsWith("{\"type\":\"" + e.getClass().getSimpleName() + "\"");
            assertThat(DeployEvent.typeName(e)).isEqualTo(e.getClass().getSimpleName());
            assertThat(json.readValue(text, DeployEvent.class)).isEqualTo(e);
        }
        assertThat(json.writeValueAsString(all.get(0))).isEqualTo("{\"type\":\"Progress\",\"done\":1,\"total\":3,\"step\":\"network net1\"}");
    }

    @Test
    void enumsUseTheNamesTheServerAlwaysWrote() throws Exception {
        assertThat(json.writeValueAsString(Wire.Role.ADMIN)).isEqualTo("\"admin\"");
        assertThat(json.writeValueAsString(Wire.ConsoleKind.BROWSER)).isEqualTo("\"browser\"");
        assertThat(json.writeValueAsString(Wire.Severity.WARNING)).isEqualTo("\"warning\"");
        assertThat(json.readValue("\"user\"", Wire.Role.class)).isEqualTo(Wire.Role.USER);
        assertThat(json.writeValueAsString(Wire.SliceStatus.UNDEPLOYING)).isEqualTo("\"UNDEPLOYING\"");
    }

    @Test
    void aRawDesignIsWrittenAsItIs() throws Exception {
        var d = new Wire.SliceDetail(1, "ana", "lab", "z", Wire.SliceStatus.DRAFT, 0, 0, 0, 1, 2, 3,
                new Wire.RawJson("{\"format\":\"olimpus-topology/1\"}"));
        assertThat(json.writeValueAsString(d)).endsWith(",\"design\":{\"format\":\"olimpus-topology/1\"}}");
    }
}
