package io.olimpus.server.http;

import io.javalin.config.JettyConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.KeyStore;

/**
 * Serves HTTPS instead of HTTP on the configured host and port: one TLS connector replaces
 * Javalin's plain one (Javalin adds its own only when none was added). WebSockets and event
 * streams go over it unchanged.
 */
public final class Https {
    private Https() {}

    public static void serve(JettyConfig jetty, String host, int port, KeyStore keyStore, char[] password) {
        jetty.addConnector((server, http) -> {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(keyStore);
            tls.setKeyStorePassword(new String(password));
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration(http);  // keeps the read limits and headers set on it
            // A self-signed headnode is often reached by its address, not the name in its certificate;
            // the desktop pins the certificate itself, so a name mismatch must not refuse the request.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
            c.setHost(host);
            c.setPort(port);
            return c;
        });
    }
}
