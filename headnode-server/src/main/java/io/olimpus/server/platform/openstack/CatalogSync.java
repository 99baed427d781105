package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.DriverException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.olimpus.server.platform.openstack.ApiCalls.GLANCE;
import static io.olimpus.server.platform.openstack.ApiCalls.NOVA;

/**
 * Makes the Olimpus catalog's flavors and images present in the cloud on first use: a flavor is
 * found in Nova by name (and must have the catalog's size) or created; an image is found ACTIVE in
 * Glance by name or uploaded, its bytes streamed from the catalog. The ids are remembered, so each
 * name costs the cloud one lookup per driver, however many VMs and threads ask at once.
 *
 * <p>Every call here is made as the service account in its own project: callers resolve flavors
 * and images before they make a slice project's client (see {@link KeystoneSession}).
 */
final class CatalogSync implements AutoCloseable {
    private final OpenStackCatalogSource catalog;
    private final KeystoneSession session;
    private final ApiCalls calls;
    private final OkHttpClient http;
    private final Map<String, String> flavorIds = new ConcurrentHashMap<>();
    private final Map<String, String> imageIds = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    CatalogSync(OpenStackCatalogSource catalog, KeystoneSession session, ApiCalls calls) {
        this.catalog = catalog;
        this.session = session;
        this.calls = calls;
        // Glance uploads go through this client so image bytes stream (openstack4j would buffer them whole).
        this.http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS).readTimeout(10, TimeUnit.MINUTES)
                .writeTimeout(10, TimeUnit.MINUTES).build();
    }

    /**
     * Nova's id of the flavor; a flavor the catalog does not know gets the size the plan asked for
     * ({@code planned}), at least one vCPU.
     */
    String flavorId(String name, Resources planned) {
        String id = flavorIds.get(name);
        if (id != null) return id;
        synchronized (lock("flavor:" + name)) {
            id = flavorIds.get(name);
            if (id != null) return id;
            OpenStackCatalogSource.FlavorSpec spec = catalog.flavor(name).orElseGet(() ->
                    new OpenStackCatalogSource.FlavorSpec(name, Math.max(1, planned.vcpus()), planned.ramMb(), planned.diskGb()));
            OSClientV3 os = session.admin();
            List<? extends Flavor> all = calls.call(NOVA, "listing flavors", () -> os.compute().flavors().list(true));
            Flavor f = all.stream().filter(x -> name.equals(x.getName())).findFirst().orElse(null);
            if (f != null) {
                if (f.getVcpus() != spec.vcpus() || f.getRam() != spec.ramMb() || f.getDisk() != spec.diskGb())
                    throw new DriverException("Nova's flavor " + name + " has " + f.getVcpus() + " vCPU, " + f.getRam() + " MB RAM, " + f.getDisk()
                            + " GB disk, but the catalog says " + spec.vcpus() + " vCPU, " + spec.ramMb() + " MB, " + spec.diskGb() + " GB");
            } else {
                f = calls.call(NOVA, "creating flavor " + name, () -> os.compute().flavors().create(Builders.flavor().name(name)
                        .vcpus(spec.vcpus()).ram(spec.ramMb()).disk(spec.diskGb()).isPublic(true).build()));
            }
            flavorIds.put(name, f.getId());
            return f.getId();
        }
    }

    /** Glance's id of an ACTIVE image of that name, uploaded from the catalog when Glance has none. */
    String imageId(String name) {
        String id = imageIds.get(name);
        if (id != null) return id;
        synchronized (lock("image:" + name)) {
            id = imageIds.get(name);
            if (id != null) return id;
            OpenStackCatalogSource.ImageSpec spec;
            try {
                spec = catalog.image(name);
            } catch (IllegalArgumentException e) {
                throw new DriverException("the catalog has no image " + name + ": " + e.getMessage(), e);
            }
            OSClientV3 os = session.admin();
            List<? extends Image> found = calls.call(GLANCE, "looking up image " + name, () -> os.imagesV2().list(Map.of("name", name)));
            Image active = found.stream().filter(i -> i.getStatus() == Image.ImageStatus.ACTIVE).findFirst().orElse(null);
            if (active == null) active = upload(os, spec);
            imageIds.put(name, active.getId());
            return active.getId();
        }
    }

    private Object lock(String key) { return locks.computeIfAbsent(key, k -> new Object()); }

    /** Creates the image, streams its bytes, and checks Glance made it ACTIVE; an unfinished image is deleted again. */
    private Image upload(OSClientV3 os, OpenStackCatalogSource.ImageSpec spec) {
        String name = spec.name();
        Image image = calls.call(GLANCE, "creating image " + name, () -> os.imagesV2().create(Builders.imageV2().name(name)
                .diskFormat(DiskFormat.value(spec.diskFormat())).containerFormat(ContainerFormat.value(spec.containerFormat()))
                .visibility(Image.ImageVisibility.PUBLIC).build()));
        try {
            String base = session.requireEndpoint("image").replaceAll("/+$", "");
            String url = (base.endsWith("/v2") ? base : base + "/v2") + "/images/" + image.getId() + "/file";
            RequestBody body = new RequestBody() {
                public MediaType contentType() { return MediaType.get("application/octet-stream"); }
                public long contentLength() { return spec.size(); }
                public void writeTo(BufferedSink sink) throws IOException {
                    try (InputStream in = catalog.open(name); Source src = Okio.source(in)) { sink.writeAll(src); }
                }
            };
            Request req = new Request.Builder().url(url).header("X-Auth-Token", session.adminToken().getId()).put(body).build();
            calls.count(GLANCE);
            try (Response r = http.newCall(req).execute()) {
                if (!r.isSuccessful())
                    throw new DriverException("Glance refused the bytes of image " + name + " (HTTP " + r.code() + "): "
                            + ApiCalls.clean(r.body() == null ? null : r.body().string()));
            } catch (IOException e) {
                throw new DriverException("Glance did not take the bytes of image " + name + ": " + ApiCalls.rootMessage(e), e);
            }
            Image done = calls.call(GLANCE, "checking image " + name, () -> os.imagesV2().get(image.getId()));
            if (done == null || done.getStatus() != Image.ImageStatus.ACTIVE)
                throw new DriverException("Glance did not make image " + name + " active (status " + (done == null ? "gone" : done.getStatus()) + ")");
            return done;
        } catch (RuntimeException e) {
            try { calls.act(GLANCE, "deleting the unfinished image " + name, true, () -> session.admin().imagesV2().delete(image.getId())); }
            catch (RuntimeException ignored) { e.addSuppressed(ignored); }
            throw e;
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
