package io.olimpus.model.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"vm1", "a", "web-01", "abcdefghijklmnopqrstuvwxyz01234"})
    void acceptsNamesSafeForAShell(String name) {
        assertThat(Names.isValid(name)).isTrue();
        assertThat(Names.whyInvalid(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1vm", "-vm", "VM1", "vm_1", "vm 1", "vm;reboot", "$(id)", "vm`id`", "a'b", "vm\n1",
            "abcdefghijklmnopqrstuvwxyz012345", "ñandú"})
    void refusesEverythingElse(String name) {
        assertThat(Names.isValid(name)).isFalse();
        assertThat(Names.whyInvalid(name)).isNotBlank();
        assertThatThrownBy(() -> Names.require("name", name)).hasMessageContaining("name");
    }

    @Test
    void sanitizeAlwaysYieldsAValidName() {
        for (String raw : new String[]{"VM 1", "Golden Zone", "9lives", "---", "", null, "ñandú", "a".repeat(80), "x-----y", "A_B_C"})
            assertThat(Names.isValid(Names.sanitize(raw))).as("sanitize(%s) = %s", raw, Names.sanitize(raw)).isTrue();
        assertThat(Names.sanitize("VM 1")).isEqualTo("vm-1");
        assertThat(Names.sanitize("9lives")).isEqualTo("n9lives");
    }
}
