package io.olimpus.server.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets at rest (an OpenStack zone's service password): sealed with AES-256-GCM under a key
 * that lives in the data folder ({@value #FILE}, mode 0600), never in the database, so a dump or
 * a copy of the database alone holds no usable password. Each value gets a fresh 96-bit nonce and
 * is bound to the place it is stored ({@code boundTo}, GCM's associated data): a sealed value
 * copied to another row does not open there.
 * <p>
 * A stored value without {@value #PREFIX} is clear text from a database written before secrets
 * were sealed: it is read as it is, and the store seals it again (at start-up, and on every write).
 */
public final class SecretBox {
    public static final String FILE = "secret.key";
    static final String PREFIX = "aesgcm1:";
    private static final int KEY_BYTES = 32, NONCE_BYTES = 12, TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    /** A sealed value that does not open with this key: the key was replaced or lost, or the value was altered. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message, Throwable cause) { super(message, cause); }
    }

    private final SecretKeySpec key;

    private SecretBox(byte[] key) { this.key = new SecretKeySpec(key, "AES"); }

    /** A box with a key of its own that is kept nowhere: for stores that live as long as the process (tests). */
    public static SecretBox withRandomKey() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return new SecretBox(k);
    }

    /**
     * The box of the data folder: its {@value #FILE}, made once (random, 0600) when there is none.
     * A damaged key file stops the server with what to do, rather than sealing under a key that
     * cannot open what is stored.
     */
    public static SecretBox inFolder(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) create(file);
        if (posix(file)) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!mode.equals(PosixFilePermissions.fromString("rw-------")) && !mode.equals(PosixFilePermissions.fromString("r--------"))) {
                log.warn("{} was readable by others ({}); narrowed to 0600", file, PosixFilePermissions.toString(mode));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            k = new byte[0];
        }
        if (k.length != KEY_BYTES)
            throw new IllegalStateException("the secret key " + file + " is damaged (expected " + KEY_BYTES + " random bytes in base64, as the server writes it). "
                    + "Restore it from the backup of the data folder; or, to start over, delete it and enter every OpenStack zone's password again");
        return new SecretBox(k);
    }

    private static void create(Path file) throws IOException {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        Path tmp = file.resolveSibling(FILE + ".new");
        Files.deleteIfExists(tmp);
        if (posix(file.getParent()))
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(k) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file);  // never over a key another start wrote meanwhile
            log.info("created the key that seals stored secrets: {} (back it up with the database)", file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static boolean posix(Path p) throws IOException {
        Path at = Files.exists(p) ? p : p.getParent();
        return Files.getFileStore(at).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** Whether a stored value is sealed (else it is clear text from an older database). */
    public static boolean isSealed(String stored) { return stored != null && stored.startsWith(PREFIX); }

    /** Seals {@code clear} for the place {@code boundTo}; null stays null. */
    public String seal(String clear, String boundTo) {
        if (clear == null) return null;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** The clear text of a stored value (a clear one from an older database as it is); null stays null. */
    public String open(String stored, String boundTo) {
        if (stored == null || !isSealed(stored)) return stored;
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (all.length < NONCE_BYTES + TAG_BITS / 8) throw new IllegalArgumentException("too short");
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException | IllegalArgumentException e) {
            throw new Unreadable("the stored secret does not open with this server's key (" + FILE + " in the data folder)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** A stored value as a {@link Secret} that opens only when asked. */
    public Secret stored(String stored, String boundTo) {
        return new Secret() {
            @Override public boolean isSet() { return stored != null && !stored.isEmpty(); }
            @Override public String reveal() { return open(stored, boundTo); }
            @Override public String toString() { return isSet() ? "Secret[***]" : "Secret[none]"; }
        };
    }
}
