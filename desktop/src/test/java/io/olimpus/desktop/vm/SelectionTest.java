package io.olimpus.desktop.vm;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SelectionTest {
    @Test
    void toggleAddsAndRemoves() {
        Selection s = Selection.ofNode("n1").toggleNode("n2");
        assertThat(s.nodes()).containsExactly("n1", "n2");
        assertThat(s.toggleNode("n1").nodes()).containsExactly("n2");
    }

    @Test
    void retainDropsIdsThatNoLongerExist() {
        Selection s = new Selection(Set.of("n1", "n2"), Set.of("l1"));
        Selection r = s.retain(Set.of("n2"), Set.of());
        assertThat(r.nodes()).containsExactly("n2");
        assertThat(r.links()).isEmpty();
        assertThat(s.retain(Set.of("n1", "n2"), Set.of("l1"))).isSameAs(s);
    }
}
