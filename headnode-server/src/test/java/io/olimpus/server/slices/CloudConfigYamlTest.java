package io.olimpus.server.slices;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a slice's own cloud-config stops being YAML, as the server says it: the line and column of
 * the problem itself (the desktop's editor moves the caret there), and what was found, not only the
 * parser's context ("while scanning for the next token", a line earlier).
 */
class CloudConfigYamlTest {
    @Test
    void aTabThatIndentsIsBlamedOnItsOwnLineWithWhatWasFound() {
        String why = SliceService.whyNotYamlMapping("#cloud-config\npackages:\n  - tcpdump\nruncmd:\n\t- echo hi\n");
        assertThat(why).startsWith("is not valid YAML at line 5, column 1: ").contains("found character '\\t(TAB)'", "Do not use \\t(TAB) for indentation").endsWith("; fix it and save again");
    }

    @Test
    void anUnclosedListIsBlamedWhereTheParserGaveUp() {
        String why = SliceService.whyNotYamlMapping("#cloud-config\npackages: [tcpdump\nruncmd: x\n");
        assertThat(why).startsWith("is not valid YAML at line 3, column ").endsWith("; fix it and save again");
    }

    @Test
    void aMappingIsFineAndAListIsNot() {
        assertThat(SliceService.whyNotYamlMapping("#cloud-config\npackages: [tcpdump]\n")).isNull();
        assertThat(SliceService.whyNotYamlMapping("#cloud-config\n# only comments\n")).isNull();
        assertThat(SliceService.whyNotYamlMapping("#cloud-config\n- a\n")).contains("YAML mapping");
    }
}
