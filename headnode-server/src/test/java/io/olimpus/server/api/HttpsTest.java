package io.olimpus.server.api;

import io.olimpus.server.app.Config;
import io.olimpus.server.app.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #13 item 7: given a certificate (a PKCS12 keystore, or PEM certificate and key files) the
 * server speaks only HTTPS on its port; given none it speaks plain HTTP as before. The
 * certificate is a self-signed one made here by the JDK's keytool.
 */
class HttpsTest {
    static final String PASSWORD = "keystore-pass";
    @TempDir
    static Path dir;
    static Path p12, certPem, keyPem;
    static Certificate cert;

    @BeforeAll
    static void selfSigned() throws Exception {
        p12 = dir.resolve("headnode.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "headnode", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=headnode.test", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        cert = ks.getCertificate("headnode");
        certPem = dir.resolve("cert.pem");
        keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("headnode", PASSWORD.toCharArray()).getEncoded()));
    }

    static String pem(String what, byte[] der) {
        return "-----BEGIN " + what + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + what + "-----\n";
    }

    /** A client that trusts exactly the test's self-signed certificate. */
    static HttpClient trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("headnode", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPkcs12KeystoreMakesItHttpsOnly() throws Exception {
        try (TestServer s = TestServer.start(Store.H2, c -> c.withTls(Config.Tls.pkcs12(p12, PASSWORD)))) {
            String base = s.running.baseUrl();
            assertThat(base).startsWith("https://");
            var health = get(trusting(), base + "/api/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(cert);
            // A client that does not trust the self-signed certificate is refused at the handshake.
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), base + "/api/v1/health")).isInstanceOf(SSLHandshakeException.class);
            // Nobody speaks plain HTTP on that port any more: no password can cross it in clear.
            String plain = base.replace("https://", "http://") + "/api/v1/auth/login";
            assertThatThrownBy(() -> {
                var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain)).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isNotEqualTo(200);
                throw new IOException("answered " + r.statusCode());
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void pemCertificateAndKeyFilesWorkToo() throws Exception {
        try (TestServer s = TestServer.start(Store.H2, c -> c.withTls(Config.Tls.pem(certPem, keyPem)))) {
            var login = trusting().send(HttpRequest.newBuilder(URI.create(s.running.baseUrl() + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(login.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(cert);
        }
    }

    @Test
    void withoutACertificateItIsPlainHttpAsBefore() throws Exception {
        try (TestServer s = TestServer.start(Store.H2)) {
            assertThat(s.running.baseUrl()).startsWith("http://");
            assertThat(get(HttpClient.newHttpClient(), s.running.baseUrl() + "/api/v1/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void halfAConfigurationOrAnUnreadableFileStopsTheStartWithItsReason() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls.cert", certPem.toString())))
                .hasMessageContaining("tls.key");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls.cert", certPem.toString(), "tls.key", keyPem.toString(), "tls.keystore", p12.toString())))
                .hasMessageContaining("give one of them");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls.keystore", dir.resolve("missing.p12").toString())))
                .hasMessageContaining("no readable file");
        Config c = ConfigLoader.load(null, Map.of("OLIMPUS_TLS_KEYSTORE_PASSWORD", PASSWORD), Map.of("tls.keystore", p12.toString()));
        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.toString()).doesNotContain(PASSWORD);

        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TestServer.start(Store.H2, x -> x.withTls(Config.Tls.pem(certPem, pkcs1))))
                .hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> TestServer.start(Store.H2, x -> x.withTls(Config.Tls.pkcs12(p12, "wrong"))))
                .hasMessageContaining("tls.keystore.password");
    }
}
