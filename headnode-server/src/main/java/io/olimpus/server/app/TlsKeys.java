package io.olimpus.server.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's HTTPS key and certificate as one in-memory keystore, from {@link Config.Tls}: a
 * PKCS12 file as it is, or a PEM certificate chain and its PKCS#8 key (what certbot and most CAs
 * hand out). Every failure says which file and what to do, since it stops the server's start.
 */
public final class TlsKeys {
    /** The keystore and the password that opens its key (in memory only). */
    public record Loaded(KeyStore keyStore, char[] password) {}

    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----(.*?)-----END \\1PRIVATE KEY-----", Pattern.DOTALL);

    private TlsKeys() {}

    public static Loaded load(Config.Tls tls) throws IOException {
        if (tls.keystore() != null) return pkcs12(tls.keystore(), tls.keystorePassword() == null ? "" : tls.keystorePassword());
        return pem(tls.certificate(), tls.privateKey());
    }

    private static Loaded pkcs12(Path file, String password) throws IOException {
        char[] pw = password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            boolean hasKey = false;
            for (var aliases = ks.aliases(); aliases.hasMoreElements(); ) hasKey |= ks.isKeyEntry(aliases.nextElement());
            if (!hasKey) throw new IOException("the keystore " + file + " holds no private key; it needs the server's key and certificate");
            return new Loaded(ks, pw);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open the keystore " + file + " as PKCS12: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("holds no private key")) throw e;
            throw new IOException("cannot open the keystore " + file + " (a PKCS12 file, with tls.keystore.password): " + e.getMessage(), e);
        }
    }

    private static Loaded pem(Path certFile, Path keyFile) throws IOException {
        List<Certificate> chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new IOException("tls.cert " + certFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IOException("tls.cert " + certFile + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
        PrivateKey key = privateKey(keyFile, chain.get(0).getPublicKey().getAlgorithm());
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("olimpus", key, pw, chain.toArray(Certificate[]::new));
            return new Loaded(ks, pw);
        } catch (GeneralSecurityException e) {
            throw new IOException("tls.key " + keyFile + " does not go with the certificate in " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyFile, String algorithm) throws IOException {
        String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) throw new IOException("tls.key " + keyFile + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
        if (!m.group(1).isEmpty())
            throw new IOException("tls.key " + keyFile + " is a '" + m.group(1) + "PRIVATE KEY'; the server reads PKCS#8 keys ('BEGIN PRIVATE KEY'): "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key-pkcs8.pem");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IOException("tls.key " + keyFile + " is damaged (not Base64 inside the PEM markers)", e);
        }
        try {
            // The certificate's public key says which kind of key to expect ("EC", "RSA", "Ed25519", ...).
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("tls.key " + keyFile + " is not the " + algorithm + " private key the certificate needs: " + e.getMessage(), e);
        }
    }
}
