package io.olimpus.server.mail;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SMTP client against a real SMTP server on a socket: delivery, dot-stuffing, AUTH, refusals. */
class SmtpMailerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SmtpMailer mailer(TestSmtpServer smtp, String user, String password) {
        return new SmtpMailer(new SmtpMailer.Settings("127.0.0.1", smtp.port(), SmtpMailer.Security.NONE, "olimpus@example.org", user, password, 10_000));
    }

    @Test
    void aMessageArrivesWithItsEnvelopeHeadersAndBody() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer()) {
            mailer(smtp, null, null).send(new Mail("ana@example.org", "Curso de redes: contraseña", "line one\n.starts with a dot\nlast"));
            TestSmtpServer.Received m = smtp.next(WAIT);
            assertThat(m).isNotNull();
            assertThat(m.from()).isEqualTo("olimpus@example.org");
            assertThat(m.to()).containsExactly("ana@example.org");
            assertThat(m.header("To")).isEqualTo("ana@example.org");
            assertThat(m.header("Subject")).startsWith("=?UTF-8?B?");  // non-ASCII subject encoded, not sent raw
            assertThat(m.body()).isEqualTo("line one\r\n.starts with a dot\r\nlast\r\n");
        }
    }

    @Test
    void authPlainIsSentWhenAUserIsConfiguredAndAWrongPasswordIsReported() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer(Set.of(), "relay", "s3cret")) {
            mailer(smtp, "relay", "s3cret").send(new Mail("bo@example.org", "hi", "body"));
            assertThat(smtp.next(WAIT).to()).containsExactly("bo@example.org");
            assertThatThrownBy(() -> mailer(smtp, "relay", "wrong").send(new Mail("bo@example.org", "hi", "body")))
                    .isInstanceOf(Mailer.MailException.class).hasMessageContaining("AUTH").hasMessageContaining("smtp.password");
            assertThat(smtp.waiting()).isZero();
        }
    }

    @Test
    void aRefusedRecipientIsAnErrorNamingTheServersAnswer() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer(Set.of("ghost@example.org"), null, null)) {
            assertThatThrownBy(() -> mailer(smtp, null, null).send(new Mail("ghost@example.org", "hi", "body")))
                    .isInstanceOf(Mailer.MailException.class).hasMessageContaining("550").hasMessageContaining("ghost@example.org");
            assertThat(smtp.waiting()).isZero();
        }
    }

    @Test
    void anAddressThatCouldInjectACommandNeverReachesTheServer() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer()) {
            assertThatThrownBy(() -> mailer(smtp, null, null).send(new Mail("a@example.org>\r\nRCPT TO:<b@example.org", "hi", "body")))
                    .isInstanceOf(Mailer.MailException.class).hasMessageContaining("not a mail address");
            assertThat(Mailer.whyInvalidAddress("ana@example.org")).isNull();
            assertThat(Mailer.whyInvalidAddress("ana@localhost")).isNotNull();
            assertThat(smtp.waiting()).isZero();
        }
    }

    @Test
    void noServerListeningIsReportedWithWhatToCheck() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { port = s.getLocalPort(); }
        SmtpMailer m = new SmtpMailer(new SmtpMailer.Settings("127.0.0.1", port, SmtpMailer.Security.NONE, "olimpus@example.org", null, null, 10_000));
        assertThatThrownBy(() -> m.send(new Mail("ana@example.org", "hi", "body")))
                .isInstanceOf(Mailer.MailException.class).hasMessageContaining("smtp.host");
    }
}
