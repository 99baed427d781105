package io.olimpus.client;

import io.olimpus.client.testing.RealServer;
import io.olimpus.server.app.Config;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #13 item 7, the client's half: a real headnode serving HTTPS with a self-signed
 * certificate (made for another name than the address used) is refused with its fingerprint; once
 * that fingerprint is pinned it is trusted, and a server with any other certificate is refused
 * as "changed" with both fingerprints.
 */
class CertificatePinningTest {
    @TempDir
    static Path dir;
    static HeldCertificate headnodeCert;
    static RealServer server;

    @BeforeAll
    static void httpsHeadnode() throws Exception {
        headnodeCert = new HeldCertificate.Builder().commonName("headnode.lab").addSubjectAlternativeName("headnode.lab").build();
        Path cert = Files.writeString(dir.resolve("cert.pem"), headnodeCert.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), headnodeCert.privateKeyPkcs8Pem());
        server = RealServer.start(c -> c.withTls(Config.Tls.pem(cert, key)));
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void anUnknownCertificateIsRefusedWithItsFingerprintThenTrustedOncePinned() {
        assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
        ServerCertificate seen;
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            ClientException e = catchThrowableOfType(ClientException.class, c::health);
            assertThat(e.kind()).isEqualTo(ClientException.Kind.CERTIFICATE);
            seen = e.certificate();
            assertThat(seen).isNotNull();
            assertThat(seen.sha256()).isEqualTo(ServerCertificate.sha256Of(headnodeCert.certificate()));
            assertThat(seen.subject()).contains("headnode.lab");
            assertThat(e.getMessage()).contains(seen.fingerprint());
        }
        // Pinned (as the user read it, with colons): trusted although made for another name.
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl(), seen.fingerprint())) {
            assertThat(c.health().status()).isEqualTo("ok");
            assertThat(c.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD).user().username()).isEqualTo("admin");
        }
    }

    @Test
    void anotherCertificateThanThePinnedOneIsRefusedAsChanged() throws Exception {
        String pinned = ServerCertificate.sha256Of(headnodeCert.certificate());
        HeldCertificate impostor = new HeldCertificate.Builder().commonName("headnode.lab").addSubjectAlternativeName("localhost").build();
        try (MockWebServer https = new MockWebServer()) {
            https.useHttps(new HandshakeCertificates.Builder().heldCertificate(impostor).build().sslSocketFactory(), false);
            https.enqueue(new MockResponse().setBody("{\"status\":\"ok\"}"));
            https.start(InetAddress.getLoopbackAddress(), 0);
            try (OlimpusClient c = OlimpusClient.connect("https://localhost:" + https.getPort(), pinned)) {
                ClientException e = catchThrowableOfType(ClientException.class, c::health);
                assertThat(e.kind()).isEqualTo(ClientException.Kind.CERTIFICATE_CHANGED);
                assertThat(e.certificate().sha256()).isEqualTo(ServerCertificate.sha256Of(impostor.certificate()));
                assertThat(e.getMessage()).contains(e.certificate().fingerprint())
                        .contains(new ServerCertificate(pinned, "", "", 0).fingerprint()).contains("different certificate");
            }
            assertThat(https.getRequestCount()).as("nothing was sent to the impostor").isZero();
        }
    }

    @Test
    void plainHttpNeedsNoPinAndAMalformedPinIsInvalid() throws Exception {
        try (RealServer plain = RealServer.start(); OlimpusClient c = OlimpusClient.connect(plain.baseUrl(), null)) {
            assertThat(plain.baseUrl()).startsWith("http://");
            assertThat(c.health().status()).isEqualTo("ok");
        }
        ClientException e = catchThrowableOfType(ClientException.class, () -> OlimpusClient.connect("https://x:1", "AB:CD"));
        assertThat(e.kind()).isEqualTo(ClientException.Kind.INVALID);
    }
}
