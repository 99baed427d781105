package io.olimpus.desktop.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.prefs.Preferences;

/** The user's choices that outlive a session: language, theme, snap to grid, recent files, the last server and user. */
public final class Settings {
    public static final int RECENT_MAX = 8;
    private final Preferences prefs;

    public Settings(Preferences prefs) { this.prefs = prefs; }

    public static Settings user() { return new Settings(Preferences.userRoot().node("io/olimpus/desktop")); }

    /** The chosen language, or the system's when none was chosen (Spanish or English). */
    public Locale locale() {
        String lang = prefs.get("language", "");
        if (lang.isEmpty()) lang = Locale.getDefault().getLanguage();
        return "es".equals(lang) ? Locale.forLanguageTag("es") : Locale.ENGLISH;
    }

    public void setLanguage(String lang) { prefs.put("language", lang == null ? "" : lang); }

    public boolean dark() { return prefs.getBoolean("dark", false); }

    public void setDark(boolean on) { prefs.putBoolean("dark", on); }

    public boolean snap() { return prefs.getBoolean("snap", false); }

    public void setSnap(boolean on) { prefs.putBoolean("snap", on); }

    /** The server address last logged in to (remembered for the login screen). */
    public String serverUrl() { return prefs.get("server.url", "http://127.0.0.1:8000"); }

    public void setServerUrl(String url) { prefs.put("server.url", url); }

    public String lastUser() { return prefs.get("server.user", ""); }

    public void setLastUser(String user) { prefs.put("server.user", user); }

    /**
     * The SHA-256 fingerprint of the self-signed certificate the user accepted for the server at
     * {@code address} (as OlimpusClient.normalizedAddress gives it), or null.
     */
    public String pinnedCertificate(String address) { return pins().get(pinKey(address), null); }

    public void pinCertificate(String address, String sha256) { pins().put(pinKey(address), sha256); }

    public void forgetCertificate(String address) { pins().remove(pinKey(address)); }

    private Preferences pins() { return prefs.node("certificates"); }

    /** Preferences keys are at most 80 characters; a longer address is keyed by its hash. */
    private static String pinKey(String address) {
        if (address.length() <= Preferences.MAX_KEY_LENGTH) return address;
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(address.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < RECENT_MAX; i++) {
            String p = prefs.get("recent." + i, null);
            if (p != null) out.add(Path.of(p));
        }
        return out;
    }

    /** Puts the file first, without duplicates, keeping at most {@link #RECENT_MAX}. */
    public void addRecent(Path file) {
        List<Path> list = new ArrayList<>(recent());
        Path abs = file.toAbsolutePath().normalize();
        list.removeIf(p -> p.toAbsolutePath().normalize().equals(abs));
        list.add(0, abs);
        for (int i = 0; i < RECENT_MAX; i++) {
            if (i < list.size()) prefs.put("recent." + i, list.get(i).toString());
            else prefs.remove("recent." + i);
        }
    }

    /** The window's last place and size as {x, y, width, height}, or null when none was kept. */
    public double[] windowBounds() {
        double w = prefs.getDouble("window.width", -1), h = prefs.getDouble("window.height", -1);
        if (w <= 0 || h <= 0) return null;
        return new double[]{prefs.getDouble("window.x", 0), prefs.getDouble("window.y", 0), w, h};
    }

    public void setWindowBounds(double x, double y, double width, double height) {
        prefs.putDouble("window.x", x);
        prefs.putDouble("window.y", y);
        prefs.putDouble("window.width", width);
        prefs.putDouble("window.height", height);
    }

    /**
     * What the user mapped a course file's zone or image name to on the server at {@code server}
     * (null: working offline), or null; asked once per server, then remembered.
     */
    public String importChoice(String server, String kind, String fileName) {
        return mappings(server).get(pinKey(kind + ":" + fileName), null);
    }

    public void rememberImportChoice(String server, String kind, String fileName, String choice) {
        mappings(server).put(pinKey(kind + ":" + fileName), choice);
    }

    /** One node per server, named by its address without what Preferences cannot hold in a node name ('/'). */
    private Preferences mappings(String server) {
        String key = server == null ? "offline" : pinKey(server.replace('/', '_'));
        return prefs.node("mappings").node(key);
    }
}
