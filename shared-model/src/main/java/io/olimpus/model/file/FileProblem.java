package io.olimpus.model.file;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing wrong in a lab file, said in the user's words and about the element as the file
 * numbers it ("link 1 names sw1, which the file does not define"). {@code kind} and {@code args}
 * let the desktop and the CLI say the same in the user's language ({@code fileProblem.<KIND>}
 * with {@code args} as {0}, {1}...); {@link #message()} is the English sentence.
 */
public record FileProblem(String path, Kind kind, List<String> args) {
    /** What is wrong; each English sentence takes the args in order. */
    public enum Kind {
        /** {0} link number, {1} the name the link uses. */
        UNDEFINED_END("link {0} names {1}, which the file does not define"),
        /** {0} link number, {1} and {2} its ends, {3} the earlier link's number. */
        DUPLICATE_LINK("link {0} joins {1} and {2} again, as link {3} already does"),
        /** {0} link number, {1} the node. */
        SELF_LINK("link {0} joins {1} to itself"),
        /** {0} link number. */
        BAD_LINK("link {0} is not a pair of names like [\"vm1\", \"sw1\"]"),
        /** {0} "VM" or "switch", {1} its number in the file. */
        NO_NAME("{0} {1} has no name (\"nombre\")"),
        /** {0} the name. */
        DUPLICATE_NAME("{0} is defined twice; VMs and switches need different names"),
        /** {0} the VM. */
        NO_IMAGE("VM {0} has no image (\"imagen\"); choose one after importing"),
        /** {0} the VM, {1} the field. */
        NO_SIZE("VM {0} has no {1}; set its flavor after importing"),
        /** {0} the VM, {1} the field, {2} the value as written. */
        BAD_SIZE("VM {0} has {1} \"{2}\", which is not a size greater than 0 (such as 2, \"0,5\" or \"512MB\"); set its flavor after importing"),
        /** {0} the list ("vms", "switches", "enlaces"), {1} the position in it. */
        BAD_ENTRY("entry {1} of \"{0}\" is neither a name nor an object"),
        /** no args. */
        NO_SLICE_NAME("the file has no slice name (\"nombre\"); it was called \"imported\"");

        private final String english;

        Kind(String english) { this.english = english; }

        /** The English pattern (MessageFormat, apostrophes doubled). */
        public String english() { return english; }
    }

    public FileProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        args = List.copyOf(args);
    }

    public static FileProblem of(String path, Kind kind, Object... args) {
        return new FileProblem(path, kind, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }

    /** The sentence in English. */
    public String message() {
        return new MessageFormat(kind.english().replace("'", "''"), Locale.ROOT).format(args.toArray());
    }

    @Override public String toString() { return message(); }
}
