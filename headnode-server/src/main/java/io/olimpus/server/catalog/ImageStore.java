package io.olimpus.server.catalog;

import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The images and image_files tables (the bytes live in the image folder, see {@link ImageService}). */
public final class ImageStore {
    private final Jdbi jdbi;

    public ImageStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public List<Image> all() { return query(null); }

    public Optional<Image> byName(String name) { return query(name).stream().findFirst(); }

    private List<Image> query(String name) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("select i.id, i.name, i.kind, i.disk_format, i.created_at, f.role, f.sha256, f.size_bytes, f.path, i.virtual_size_bytes, i.boot_seconds"
                            + " from images i left join image_files f on f.image_id = i.id"
                            + (name == null ? "" : " where i.name = :n") + " order by i.name, f.role");
            if (name != null) q.bind("n", name);
            var rows = q
                    .map((rs, c) -> new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6) == null ? null : new Image.ImageFile(rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9)),
                            (Long) rs.getObject(10, Long.class), (Integer) rs.getObject(11, Integer.class)})
                    .list();
            Map<Long, Object[]> heads = new LinkedHashMap<>();
            Map<Long, List<Image.ImageFile>> files = new LinkedHashMap<>();
            for (Object[] r : rows) {
                heads.putIfAbsent((Long) r[0], r);
                files.computeIfAbsent((Long) r[0], k -> new ArrayList<>());
                if (r[5] != null) files.get((Long) r[0]).add((Image.ImageFile) r[5]);
            }
            List<Image> out = new ArrayList<>();
            heads.forEach((id, r) -> out.add(new Image(id, (String) r[1], (String) r[2], (String) r[3], files.get(id), (Long) r[4], (Long) r[6], (Integer) r[7])));
            return out;
        });
    }

    /**
     * Adds a file to an image, creating the image row if needed, in one transaction.
     * Throws a unique violation when the name or the role slot is taken meanwhile.
     * {@code virtualSizeBytes}: a disk's size as its guest sees it, null for a kernel or initrd.
     */
    public void addFile(String name, String kind, String diskFormat, Long virtualSizeBytes, Image.ImageFile file, long now) {
        jdbi.useTransaction(h -> {
            Long id = h.createQuery("select id from images where name = :n").bind("n", name).mapTo(Long.class).findOne().orElse(null);
            if (id == null)
                id = h.createUpdate("insert into images (name, kind, disk_format, virtual_size_bytes, created_at) values (:n, :k, :f, :v, :now)")
                        .bind("n", name).bind("k", kind).bind("f", diskFormat).bind("v", virtualSizeBytes).bind("now", now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("insert into image_files (image_id, role, sha256, size_bytes, path, created_at) values (:i, :r, :s, :z, :p, :now)")
                    .bind("i", id).bind("r", file.role()).bind("s", file.sha256()).bind("z", file.sizeBytes()).bind("p", file.path()).bind("now", now)
                    .execute();
        });
    }

    /** Sets (or, with null, clears) the image's boot budget; false when there is no such image. */
    public boolean setBootSeconds(String name, Integer seconds) {
        return jdbi.withHandle(h -> h.createUpdate("update images set boot_seconds = :s where name = :n")
                .bind("s", seconds).bind("n", name).execute()) == 1;
    }

    public void delete(long imageId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from image_files where image_id = :i").bind("i", imageId).execute();
            h.createUpdate("delete from images where id = :i").bind("i", imageId).execute();
        });
    }

    /** Every file path the database knows, to tell stray files from stored ones. */
    public List<String> allPaths() {
        return jdbi.withHandle(h -> h.createQuery("select path from image_files").mapTo(String.class).list());
    }
}
