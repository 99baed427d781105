package io.olimpus.client;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An HTTPS server whose certificate this computer does not trust (self-signed, as a careless
 * install would have) is {@link ClientException.Kind#CERTIFICATE}, not "unreachable".
 */
class CertificateTest {
    @Test
    void anUntrustedCertificateIsCertificate() throws Exception {
        HeldCertificate selfSigned = new HeldCertificate.Builder().commonName("olimpus.test").addSubjectAlternativeName("localhost").build();
        HandshakeCertificates serverSide = new HandshakeCertificates.Builder().heldCertificate(selfSigned).build();
        try (MockWebServer https = new MockWebServer()) {
            https.useHttps(serverSide.sslSocketFactory(), false);
            https.enqueue(new MockResponse().setBody("{\"status\":\"ok\"}"));
            https.start(InetAddress.getLoopbackAddress(), 0);
            try (OlimpusClient c = OlimpusClient.connect("https://localhost:" + https.getPort())) {
                ClientException e = catchThrowableOfType(ClientException.class, c::health);
                assertThat(e).isNotNull();
                assertThat(e.kind()).isEqualTo(ClientException.Kind.CERTIFICATE);
                assertThat(e.getMessage()).contains("certificate");
            }
        }
    }
}
