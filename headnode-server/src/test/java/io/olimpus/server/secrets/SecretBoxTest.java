package io.olimpus.server.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void sealsWithAFreshNonceAndOpensOnlyWithItsKeyAndPlace() {
        SecretBox box = SecretBox.withRandomKey();
        String a = box.seal("pässword-1", "row/1"), b = box.seal("pässword-1", "row/1");
        assertThat(a).startsWith(SecretBox.PREFIX).doesNotContain("password").isNotEqualTo(b);
        assertThat(box.open(a, "row/1")).isEqualTo("pässword-1");
        assertThat(box.open(b, "row/1")).isEqualTo("pässword-1");
        assertThatThrownBy(() -> box.open(a, "row/2")).as("copied to another row").isInstanceOf(SecretBox.Unreadable.class);
        assertThatThrownBy(() -> SecretBox.withRandomKey().open(a, "row/1")).as("another key").isInstanceOf(SecretBox.Unreadable.class)
                .hasMessageContaining(SecretBox.FILE);
        String tampered = a.substring(0, a.length() - 2) + (a.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> box.open(tampered, "row/1")).isInstanceOf(SecretBox.Unreadable.class);
        assertThatThrownBy(() -> box.open(SecretBox.PREFIX + "%%%", "row/1")).isInstanceOf(SecretBox.Unreadable.class);
        assertThat(box.open("clear-from-before", "row/1")).as("an older database's clear value").isEqualTo("clear-from-before");
        assertThat(box.seal(null, "row/1")).isNull();
        assertThat(box.open(null, "row/1")).isNull();
        String longest = "€".repeat(1024);
        assertThat(box.seal(longest, "zone_settings.secret/9223372036854775807")).hasSizeLessThanOrEqualTo(8192);
    }

    @Test
    void theKeyFileIsMadeOnceOwnerOnlyAndADamagedOneStopsTheStart() throws Exception {
        SecretBox first = SecretBox.inFolder(dir);
        Path key = dir.resolve(SecretBox.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String sealed = first.seal("x-password", "p");
        assertThat(SecretBox.inFolder(dir).open(sealed, "p")).as("the same key next time").isEqualTo("x-password");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        SecretBox.inFolder(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as("narrowed").isEqualTo("rw-------");

        Files.writeString(key, "c2hvcnQ=\n");
        assertThatThrownBy(() -> SecretBox.inFolder(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("Restore it from the backup");
        assertThat(Files.readString(key)).as("a damaged key is never replaced").isEqualTo("c2hvcnQ=\n");
    }
}
