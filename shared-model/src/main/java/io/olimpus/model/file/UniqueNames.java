package io.olimpus.model.file;

import io.olimpus.model.topology.Names;

import java.util.HashSet;
import java.util.Set;

/** Turns names written by other tools into valid Olimpus names no other node of the import has. */
final class UniqueNames {
    private final Set<String> used = new HashSet<>();

    /** {@code foreign} itself when valid and free; else its sanitized form, with "-2", "-3", ... when taken. */
    String take(String foreign) {
        String name = Names.isValid(foreign) ? foreign : Names.sanitize(foreign);
        if (used.contains(name)) {
            String base = name.length() > Names.MAX_LENGTH - 4 ? name.substring(0, Names.MAX_LENGTH - 4) : name;
            int k = 2;
            while (used.contains(base + "-" + k)) k++;
            name = base + "-" + k;
        }
        used.add(name);
        return name;
    }
}
