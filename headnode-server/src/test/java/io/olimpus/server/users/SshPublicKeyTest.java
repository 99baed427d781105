package io.olimpus.server.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user may paste as their SSH public key: one OpenSSH key line that sshd would read as one key. */
class SshPublicKeyTest {
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H alice@laptop";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLQvHykml1EYrBrwxiKQlwlgTNemklZbeWxp2kSOLWpfZkdWUxE2R9KJxFEe2bV63WKEAOz6GAbOQJz5w7+g68w=";
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCmLJt8mZcB8k58WQ2VitZEPWA8NnlWKl3K4bjnhz7LTj5tNoahP+9cRbJ1NOUNm3mWonYCq2vgzauvcZAxw4DkkC1c8Uo9aeQeWPKPRTXq"
            + "+n/nNQQQpeFtY/7k9uvavmIjhFg8ZtLAvdgb3NFS2s02+SEDzBE93QImHpHaxC/VBz+GpbV+R6aJwPKwpnEMt5cVt2wkaEZijAeIeocofP9SBT4p9XQDW5ysReBHrBPup0eoYOOcKTCcxoxvCTvg3"
            + "+5F48pcqIkVgrRWpxqdvgW/WXGgWOLr/6eQ0alE/fjIAQjgfXhVMO3lAUAehsxLREAubNU6jszstsHIppDPKmGz rsa key";

    @Test
    void keysMadeBySshKeygenAreAcceptedWithOrWithoutAComment() {
        assertThat(SshPublicKey.whyInvalid(ED25519)).isNull();
        assertThat(SshPublicKey.whyInvalid(ECDSA)).isNull();
        assertThat(SshPublicKey.whyInvalid(RSA)).isNull();
        assertThat(SshPublicKey.whyInvalid("  " + ED25519 + "\t")).isNull();
    }

    @Test
    void theStoredLineHasNoSurroundingBlanksAndSingleSpaces() {
        assertThat(SshPublicKey.normalized("  ssh-ed25519   AAAA   my laptop  ")).isEqualTo("ssh-ed25519 AAAA my laptop");
    }

    @Test
    void anythingElseIsRefusedWithWhatToDo() {
        String body = ED25519.split(" ")[1];
        assertThat(SshPublicKey.whyInvalid("ssh-dss " + body)).contains("ssh-ed25519, ssh-rsa or ecdsa");
        assertThat(SshPublicKey.whyInvalid("ssh-ed25519")).contains("<type> <base64 key>");
        assertThat(SshPublicKey.whyInvalid("ssh-ed25519 not*base64")).contains("not base64");
        assertThat(SshPublicKey.whyInvalid("ssh-ed25519 AAAA")).contains("not a ssh-ed25519 key");
        // A blob of another type under this type's name: what sshd would refuse.
        assertThat(SshPublicKey.whyInvalid("ssh-rsa " + body)).contains("not a ssh-rsa key");
        assertThat(SshPublicKey.whyInvalid(ED25519 + "\n" + RSA)).contains("one line");
        assertThat(SshPublicKey.whyInvalid("-----BEGIN OPENSSH PRIVATE KEY-----")).contains("private key");
        assertThat(SshPublicKey.whyInvalid("ssh-ed25519 " + body + " caf\u00e9")).contains("printable ASCII");
        assertThat(SshPublicKey.whyInvalid("ssh-ed25519 " + body + " " + "c".repeat(300))).contains("255");
        assertThat(SshPublicKey.whyInvalid("ssh-rsa " + "A".repeat(5000))).contains("longer than 4096");
    }
}
