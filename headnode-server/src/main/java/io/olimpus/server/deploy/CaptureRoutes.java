package io.olimpus.server.deploy;

import io.olimpus.server.engine.driver.CaptureLimits;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A capture on a link of a running slice, answered as a pcap file that grows while packets pass
 * (application/vnd.tcpdump.pcap): Wireshark reads it as it comes, curl saves it. Bounded by
 * packets, seconds and bytes (defaults below, each capped); it ends at the first bound, when
 * the capture ends, or when the client goes away (noticed at the next packet).
 */
public final class CaptureRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRoutes.class);
    static final String PCAP = "application/vnd.tcpdump.pcap";
    static final int DEFAULT_PACKETS = 1000, MAX_PACKETS = 100_000;
    static final int DEFAULT_SECONDS = 60, MAX_SECONDS = 3600;
    static final int DEFAULT_BYTES = 10_000_000, MAX_BYTES = 100_000_000;

    private CaptureRoutes() {}

    public static void register(Api api, DeploymentService deployments) {
        api.get("/slices/{id}/links/{link}/capture", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            CaptureLimits limits = new CaptureLimits(Http.intParam(ctx, "packets", DEFAULT_PACKETS, 1, MAX_PACKETS),
                    Http.intParam(ctx, "seconds", DEFAULT_SECONDS, 1, MAX_SECONDS), Http.intParam(ctx, "bytes", DEFAULT_BYTES, 1024, MAX_BYTES));
            String link = ctx.pathParam("link");
            LinkCapture capture = deployments.capture(caller, id, link, limits);
            LOG.info("slice {} link {}: capture by {} on {} started in {} ms", id, link, caller.username(), capture.where(), capture.startMillis());
            var res = ctx.res();
            res.setStatus(200);
            res.setContentType(PCAP);
            res.addHeader("Content-Disposition", "attachment; filename=\"slice" + id + "-" + link + ".pcap\"");
            res.addHeader("Cache-Control", "no-store");
            res.addHeader("X-Accel-Buffering", "no");
            ctx.async(cfg -> cfg.timeout = 0, () -> {
                try (capture) {
                    LinkCapture.Result r = capture.relay(res.getOutputStream());
                    LOG.info("slice {} link {}: capture ended ({}): {} packets, {} bytes", id, link, r.endedBy(), r.packets(), r.bytes());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("slice {} link {}: capture relay failed: {}", id, link, e.toString());
                }
            });
        });
    }
}
