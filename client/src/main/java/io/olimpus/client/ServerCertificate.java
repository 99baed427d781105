package io.olimpus.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The certificate a headnode presented, as a person compares it: its SHA-256 fingerprint (of the
 * whole DER certificate, as {@code openssl x509 -noout -fingerprint -sha256} prints it), subject,
 * issuer and end of validity. A {@link ClientException} of kind
 * {@link ClientException.Kind#CERTIFICATE} or {@link ClientException.Kind#CERTIFICATE_CHANGED}
 * carries one ({@link ClientException#certificate()}).
 *
 * <p>Pinning a self-signed headnode, for any program using this library (desktop, CLI):
 * <ol>
 *   <li>{@code OlimpusClient.connect(address, storedPinOrNull)} and call it (e.g. {@code health()});</li>
 *   <li>on {@code CERTIFICATE} with a {@code certificate()}: show {@link #fingerprint()} to the user
 *       once; if they accept, store {@link #sha256()} for that address and connect again with it;</li>
 *   <li>from then on only that certificate is accepted for that address (whatever its name or
 *       issuer); any other is {@code CERTIFICATE_CHANGED}, refused, with both fingerprints in the
 *       message. Certificates trusted by the system (a real CA) need no pin.</li>
 * </ol>
 */
public record ServerCertificate(String sha256, String subject, String issuer, long notAfter) {
    static ServerCertificate of(X509Certificate c) {
        return new ServerCertificate(sha256Of(c), c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getNotAfter().getTime());
    }

    /** {@link #sha256()} as people read it: upper-case hex pairs joined by colons (AB:CD:…). */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sha256.length(); i += 2) {
            if (i > 0) b.append(':');
            b.append(sha256, i, i + 2);
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * A fingerprint as stored or typed (with or without colons, any case) in the form of
     * {@link #sha256()}: 64 lower-case hex digits; null for null or blank.
     * @throws IllegalArgumentException when it is not a SHA-256 fingerprint
     */
    public static String normalize(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) return null;
        String h = fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("'" + fingerprint + "' is not a SHA-256 fingerprint (64 hex digits)");
        return h;
    }

    static String sha256Of(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
