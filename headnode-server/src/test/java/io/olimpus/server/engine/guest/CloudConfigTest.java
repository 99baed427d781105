package io.olimpus.server.engine.guest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cloud-config a VM's cloud-init reads: its name, its owner's key and password, and the slice's own cloud-config merged in. */
class CloudConfigTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H alice@laptop";

    @Test
    void withNothingKnownAVmGetsItsHostnameOnly() {
        assertThat(CloudConfig.userData("vm1", GuestAccess.NONE)).isEqualTo("""
                #cloud-config
                hostname: "vm1"
                manage_etc_hosts: true
                """);
        assertThat(CloudConfig.metaData("s42--vm1", "vm1")).isEqualTo("instance-id: \"s42--vm1\"\nlocal-hostname: \"vm1\"\n");
    }

    @Test
    void theOwnersKeyLetsThemInBySshAndThePasswordOnlyAtTheConsole() {
        assertThat(CloudConfig.userData("web-1", new GuestAccess(KEY, "s3cretPw", null))).isEqualTo("""
                #cloud-config
                hostname: "web-1"
                manage_etc_hosts: true
                ssh_authorized_keys:
                  - "%s"
                password: "s3cretPw"
                chpasswd:
                  expire: false
                ssh_pwauth: false
                """.formatted(KEY));
    }

    @Test
    void withoutAKeyThePasswordAlsoOpensSsh() {
        assertThat(CloudConfig.userData("vm1", new GuestAccess(null, "s3cretPw", null)))
                .contains("password: \"s3cretPw\"\n", "ssh_pwauth: true\n").doesNotContain("ssh_authorized_keys");
    }

    @Test
    void quotesAndBackslashesCannotEndAValue() {
        assertThat(CloudConfig.quoted("a\"b\\c\td")).isEqualTo("\"a\\\"b\\\\c\\u0009d\"");
    }

    @Test
    void theSlicesOwnCloudConfigIsASecondPartThatCloudInitMergesIntoOurs() {
        String mine = "#cloud-config\npackages: [tcpdump]\nssh_authorized_keys:\n  - ssh-ed25519 AAAA teacher\n";
        String ud = CloudConfig.userData("vm1", new GuestAccess(KEY, "pw", mine));
        String b = CloudConfig.BOUNDARY;
        assertThat(ud).startsWith("Content-Type: multipart/mixed; boundary=\"" + b + "\"\nMIME-Version: 1.0\n\n--" + b + "\n")
                .endsWith("\n--" + b + "--\n");
        String[] parts = ud.split("--" + b + "\n");
        assertThat(parts).hasSize(3);
        assertThat(parts[1]).startsWith("Content-Type: text/cloud-config; charset=\"utf-8\"\nMIME-Version: 1.0\n\n#cloud-config\nhostname: \"vm1\"\n");
        // Theirs comes second, unchanged, its lists appended to ours (the teacher's key joins the owner's).
        assertThat(parts[2]).isEqualTo("Content-Type: text/cloud-config; charset=\"utf-8\"\nMIME-Version: 1.0\nMerge-Type: dict(recurse_array)+list(append)+str()\n\n"
                + mine + "--" + b + "--\n");
    }

    @Test
    void aSlicesOwnCloudConfigMustStartWithItsHeaderAndStaySmall() {
        assertThat(CloudConfig.whyInvalid("#cloud-config\npackages: [tcpdump]\n")).isNull();
        assertThat(CloudConfig.whyInvalid("#cloud-config  \r\nruncmd: []")).isNull();
        assertThat(CloudConfig.whyInvalid("packages: [tcpdump]\n")).contains("must start with the line '#cloud-config'");
        assertThat(CloudConfig.whyInvalid("#!/bin/sh\necho hi\n")).contains("must start with the line '#cloud-config'");
        assertThat(CloudConfig.whyInvalid("#cloud-config\n# " + "x".repeat(CloudConfig.MAX_USER_BYTES))).contains("at most 16384");
        assertThat(CloudConfig.whyInvalid("#cloud-config\na: \"\0\"")).contains("NUL");
        assertThat(CloudConfig.whyInvalid("#cloud-config\n# --" + CloudConfig.BOUNDARY + "\n")).contains("remove it");
    }

    @Test
    void aNameThatIsNoHostnameNeverReachesAGuest() {
        assertThatThrownBy(() -> CloudConfig.userData("Bad Name", GuestAccess.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordNeverShowsInLogs() {
        assertThat(new GuestAccess(KEY, "s3cretPw", "#cloud-config\n").toString()).doesNotContain("s3cretPw").contains("ssh-ed25519", "***");
    }
}
