package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients that accept gzip (OkHttp, browsers, curl --compressed) get valid, correctly sized answers. */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class CompressionTest extends ApiTestBase {

    @Test
    void largeAnswersAreGzippedWithTheRightLengthAndSmallOnesAreNot() throws Exception {
        var u = fx.user("gz", java.util.Map.of("maxSlices", 30));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        for (int i = 0; i < 30; i++) fx.slice(u.token(), null, flavor, image);
        for (String path : new String[]{"/slices?limit=1000", "/audit?limit=1000", "/openapi.json", "/flavors"}) {
            String token = path.startsWith("/audit") || path.startsWith("/flavors") ? fx.admin : u.token();
            var plain = api.get(path, token);
            assertThat(plain.status()).as(path).isEqualTo(200);
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
                    .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            byte[] body = r.body();
            String text;
            if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
                try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(body.length).as(path).isLessThan(plain.body().length());
            } else text = new String(body, StandardCharsets.UTF_8);
            r.headers().firstValueAsLong("Content-Length").ifPresent(len -> assertThat(len).as(path).isEqualTo(body.length));
            if (!path.startsWith("/audit")) assertThat(text).as(path).isEqualTo(plain.body());
        }
        var list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/slices?limit=1000"))
                .header("Authorization", "Bearer " + u.token()).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(list.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }
}
