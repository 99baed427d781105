package io.olimpus.desktop.vm;

import java.util.List;
import java.util.Locale;

/**
 * What kind of system an image name stands for, so the canvas can draw a VM as what it is (a
 * router, a Debian, a CirrOS) rather than as one more box. Names come from catalogs and course
 * files ("cirros-0.6.2-x86_64-disk.img", "ubuntu-22.04-server", "vyos-1.4"): a family is found
 * by the words in the name, routers first (a "debian-frr" image is a router to the student).
 */
public enum ImageFamily {
    ROUTER("vyos", "frr", "openwrt", "mikrotik", "routeros", "quagga", "bird", "router", "cisco", "ios-xe", "junos"),
    WINDOWS("windows", "win10", "win11", "win2019", "win2022", "winserver"),
    CIRROS("cirros"),
    ALPINE("alpine"),
    UBUNTU("ubuntu"),
    DEBIAN("debian"),
    FEDORA("fedora"),
    CENTOS("centos", "rocky", "alma", "rhel", "redhat"),
    GENERIC();

    private final List<String> words;

    ImageFamily(String... words) { this.words = List.of(words); }

    /** The family of an image name; {@link #GENERIC} when the name is empty or says nothing known. */
    public static ImageFamily of(String imageName) {
        if (imageName == null || imageName.isBlank()) return GENERIC;
        String n = imageName.toLowerCase(Locale.ROOT);
        for (ImageFamily f : values())
            for (String w : f.words)
                if (containsWord(n, w)) return f;
        return GENERIC;
    }

    /** {@code w} appears in {@code n} not glued to other letters ("frr" in "debian-frr", not in "ferry"; "win10" in "win10-eval"). */
    private static boolean containsWord(String n, String w) {
        for (int i = n.indexOf(w); i >= 0; i = n.indexOf(w, i + 1)) {
            boolean startOk = i == 0 || !Character.isLetter(n.charAt(i - 1));
            int end = i + w.length();
            boolean endOk = end == n.length() || !Character.isLetter(n.charAt(end));
            if (startOk && endOk) return true;
        }
        return false;
    }

    /** Two letters drawn on the icon when no glyph says more ("De", "Ub"). */
    public String badge() {
        return switch (this) {
            case ROUTER -> "R";
            case WINDOWS -> "Win";
            case CIRROS -> "Ci";
            case ALPINE -> "Al";
            case UBUNTU -> "Ub";
            case DEBIAN -> "De";
            case FEDORA -> "Fe";
            case CENTOS -> "Ce";
            case GENERIC -> "";
        };
    }
}
