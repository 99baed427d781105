package io.olimpus.client;

import okhttp3.OkHttpClient;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The TLS trust of one client (see {@link ServerCertificate} for the whole procedure): with a pin,
 * exactly the pinned certificate and no other, whatever its name or issuer; without one, the
 * system's trusted authorities. A refusal carries the certificate seen, so the UI can show its
 * fingerprint.
 */
final class PinnedTrust implements X509TrustManager {
    /** The server's certificate is not trusted by the system and nothing is pinned. */
    static final class Unknown extends CertificateException {
        final transient ServerCertificate seen;

        Unknown(ServerCertificate seen, Throwable why) {
            super("the certificate " + seen.fingerprint() + " (" + seen.subject() + ") is not trusted by this computer", why);
            this.seen = seen;
        }
    }

    /** A certificate other than the pinned one. */
    static final class Changed extends CertificateException {
        final transient ServerCertificate seen;
        final String pinned;

        Changed(ServerCertificate seen, String pinned) {
            super("the certificate changed: pinned " + pinned + ", presented " + seen.sha256());
            this.seen = seen;
            this.pinned = pinned;
        }
    }

    private final String pin;
    private final X509TrustManager system;

    private PinnedTrust(String pin, X509TrustManager system) {
        this.pin = pin;
        this.system = system;
    }

    /** {@code builder} with this trust: the pinned certificate only ({@code pin} non-null), else the system's. */
    static OkHttpClient.Builder apply(OkHttpClient.Builder builder, String pin) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509TrustManager system = null;
            for (TrustManager tm : tmf.getTrustManagers()) if (tm instanceof X509TrustManager x) system = x;
            if (system == null) throw new IllegalStateException("no X.509 trust manager in this Java runtime");
            PinnedTrust trust = new PinnedTrust(pin, system);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{trust}, null);
            HostnameVerifier byName = builder.build().hostnameVerifier();
            return builder.sslSocketFactory(tls.getSocketFactory(), trust).hostnameVerifier((host, session) -> trust.pinned(session) || byName.verify(host, session));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A pinned certificate stands for its server whatever name it was made for (self-signed ones rarely match the address used). */
    private boolean pinned(SSLSession session) {
        if (pin == null) return false;
        try {
            return session.getPeerCertificates()[0] instanceof X509Certificate c && ServerCertificate.sha256Of(c).equals(pin);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the server presented no certificate");
        ServerCertificate seen = ServerCertificate.of(chain[0]);
        if (pin != null) {
            if (seen.sha256().equals(pin)) return;
            throw new Changed(seen, pin);
        }
        try {
            system.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new Unknown(seen, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        system.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() { return system.getAcceptedIssuers(); }
}
