package io.olimpus.server.users;

import io.olimpus.model.topology.Names;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.AuthService;
import io.olimpus.server.auth.Passwords;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users: creation one by one or from a course roster, password resets, disabling, roles and quotas. */
public final class UserService {
    /** What creating a user asks for; null fields take defaults (a generated password, role user, default quota). */
    public record NewUserRequest(String username, String password, String role, Integer maxVms, Integer maxVcpus, Integer maxRamMb,
                                 Integer maxSlices, Integer maxNodes, Integer maxLinks) {}

    /** A change to a user; null fields stay as they are. */
    public record UserPatch(String role, Boolean disabled, Integer maxVms, Integer maxVcpus, Integer maxRamMb,
                            Integer maxSlices, Integer maxNodes, Integer maxLinks) {}

    /** A created user and, when the server chose it, the password to hand over (shown once). */
    public record Created(User user, String generatedPassword) {}

    public static final int MAX_ROSTER_ROWS = 5_000;

    private final UserStore store;
    private final Passwords passwords;
    private final AuthService auth;
    private final AuditLog audit;
    private final Clock clock;
    private final Quota defaultQuota;

    private final Object adminRemovals = new Object();

    public UserService(UserStore store, Passwords passwords, AuthService auth, AuditLog audit, Clock clock, Quota defaultQuota) {
        this.store = store;
        this.passwords = passwords;
        this.auth = auth;
        this.audit = audit;
        this.clock = clock;
        this.defaultQuota = defaultQuota;
    }

    /** Creates the first admin when there is no user at all; returns it with its password, or null. */
    public Created bootstrapAdmin(String givenPassword) {
        if (store.count() > 0) return null;
        String pw = givenPassword != null ? givenPassword : Passwords.generate();
        String why = Passwords.whyWeak(pw);
        if (why != null) throw new IllegalArgumentException("OLIMPUS_ADMIN_PASSWORD " + why);
        User admin = store.insert(new UserStore.NewUser("admin", passwords.hash(pw), Role.ADMIN, defaultQuota), clock.millis());
        audit.record((String) null, "user.bootstrap", "admin", "first admin created");
        return new Created(admin, givenPassword == null ? pw : null);
    }

    public Created create(Principal by, NewUserRequest r) {
        Map<String, String> problems = new LinkedHashMap<>();
        Prepared prepared = prepare(r, problems, "");
        if (!problems.isEmpty()) throw invalid(problems);
        prepared = prepared.hashed(passwords, false);
        try {
            User u = store.insert(prepared.row(), clock.millis());
            audit.record(by, "user.create", u.username(), "role " + u.role().json());
            return new Created(u, prepared.generatedPassword());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("user-exists", "user '" + r.username() + "' already exists", "username");
            throw e;
        }
    }

    /**
     * A checked row and its password in the clear ({@code generatedPassword} too when the server
     * made it). The row's hash is filled by {@link #hashAll}: bcrypt is slow on purpose, so a
     * roster hashes in parallel.
     */
    public record Prepared(UserStore.NewUser row, String password, String generatedPassword) {
        Prepared hashed(Passwords passwords, boolean oneTime) {
            var r = new UserStore.NewUser(row.username(), passwords.hash(password), row.role(), row.quota(), oneTime);
            return new Prepared(r, null, generatedPassword);
        }
    }

    /** Checks a new user as {@link #create} does; the problems go to {@code problems}, each field prefixed with {@code at}; null when there is one. */
    public Prepared check(NewUserRequest r, Map<String, String> problems, String at) { return prepare(r, problems, at); }

    /** The rows to insert, hashed in parallel; {@code oneTime}: each must change their password at first login. */
    public List<UserStore.NewUser> hashAll(List<Prepared> rows, boolean oneTime) {
        return rows.parallelStream().map(p -> p.hashed(passwords, oneTime).row()).toList();
    }

    /** Ends every session of a user (their password was reset elsewhere: a course's one-time password). */
    public void endSessions(long userId) { auth.endSessions(userId); }

    /** A one-time password hashed for the store (a student's reset by their instructor). */
    public String hash(String password) { return passwords.hash(password); }

    private Prepared prepare(NewUserRequest r, Map<String, String> problems, String at) {
        String why = Names.whyInvalid(r.username());
        if (why != null) problems.put(at + "username", why + " (pattern " + Names.REGEX + ")");
        String pw = r.password();
        String generated = null;
        if (pw == null) pw = generated = Passwords.generate();
        else if (Passwords.whyWeak(pw) != null) problems.put(at + "password", Passwords.whyWeak(pw));
        Role role = r.role() == null ? Role.USER : Role.parse(r.role());
        if (role == null) problems.put(at + "role", Role.ACCEPTED);
        Quota q = quota(defaultQuota, new UserPatch(null, null, r.maxVms(), r.maxVcpus(), r.maxRamMb(), r.maxSlices(), r.maxNodes(), r.maxLinks()), problems, at);
        if (!problems.isEmpty()) return null;
        return new Prepared(new UserStore.NewUser(r.username(), null, role, q), pw, generated);
    }

    /** {@code base} with the limits {@code p} sets (null: kept), each checked against its range. */
    private static Quota quota(Quota base, UserPatch p, Map<String, String> problems, String at) {
        return new Quota(limit(p.maxVms(), base.maxVms(), 100_000, "maxVms", problems, at),
                limit(p.maxVcpus(), base.maxVcpus(), 1_000_000, "maxVcpus", problems, at),
                limit(p.maxRamMb(), base.maxRamMb(), Integer.MAX_VALUE, "maxRamMb", problems, at),
                limit(p.maxSlices(), base.maxSlices(), 100_000, "maxSlices", problems, at),
                limit(p.maxNodes(), base.maxNodes(), 100_000, "maxNodes", problems, at),
                limit(p.maxLinks(), base.maxLinks(), 100_000, "maxLinks", problems, at));
    }

    private static int limit(Integer given, int kept, int max, String field, Map<String, String> problems, String at) {
        if (given == null) return kept;
        if (given < 0 || given > max) problems.put(at + field, max == Integer.MAX_VALUE ? "must not be negative" : "must be between 0 and " + max);
        return given;
    }

    /** Every problem at once: the first names the field and reason, {@code errors} lists them all. */
    public static DomainError invalid(Map<String, String> problems) {
        var first = problems.entrySet().iterator().next();
        List<Map<String, String>> all = problems.entrySet().stream().map(e -> Map.of("field", e.getKey(), "reason", e.getValue())).toList();
        return new DomainError(DomainError.Kind.INVALID, "invalid-field", problems.size() == 1 ? first.getKey() + ": " + first.getValue()
                : problems.size() + " fields are invalid; see 'errors'", first.getKey(), first.getValue(), Map.of("errors", all));
    }

    /**
     * Imports a course roster, all or nothing. CSV with a header line naming the columns:
     * {@code username} (required), and optionally {@code password}, {@code role}, {@code maxVms},
     * {@code maxVcpus}, {@code maxRamMb}, {@code maxSlices}, {@code maxNodes}, {@code maxLinks}. Every bad row is reported at once, as {@code line N: column}.
     */
    public List<Created> importRoster(Principal by, String csv) {
        Roster roster = parseRoster(csv, Set.of());
        int headerIdx = roster.headerLine() - 1, width = roster.columns().size();
        List<String[]> rows = roster.rows();
        Map<String, String> problems = new LinkedHashMap<>();
        List<Prepared> newRows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (int i = headerIdx + 1; i < rows.size(); i++) {
            String[] f = rows.get(i);
            if (f == null) continue;
            if (++count > MAX_ROSTER_ROWS) throw DomainError.badField("body", "more than " + MAX_ROSTER_ROWS + " users in one roster");
            String at = "line " + (i + 1) + ": ";
            if (f.length != width) { problems.put(at + "columns", "has " + f.length + " fields, the header has " + width); continue; }
            Map<String, String> lineProblems = new LinkedHashMap<>();
            NewUserRequest req = roster.request(f, lineProblems, at);
            String username = req.username();
            if (username != null && !seen.add(username)) lineProblems.put(at + "username", "'" + username + "' appears more than once in the roster");
            else if (username != null && store.byName(username).isPresent()) lineProblems.put(at + "username", "user '" + username + "' already exists");
            Prepared row = lineProblems.isEmpty() ? prepare(req, lineProblems, at) : null;
            problems.putAll(lineProblems);
            if (row != null) newRows.add(row);
        }
        if (!problems.isEmpty()) throw invalid(problems);
        if (newRows.isEmpty()) throw DomainError.badField("body", "the roster lists no user");
        List<UserStore.NewUser> hashed = hashAll(newRows, false);
        List<User> created;
        try {
            created = store.insertAll(hashed, clock.millis());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("user-exists", "a user of the roster was created meanwhile; nothing was imported", "username");
            throw e;
        }
        audit.record(by, "user.import", created.size() + " users", null);
        List<Created> out = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) out.add(new Created(created.get(i), newRows.get(i).generatedPassword()));
        return out;
    }

    /** The columns of today's user roster; a course's roster adds its own. */
    public static final Set<String> ROSTER_COLUMNS = Set.of("username", "password", "role", "maxVms", "maxVcpus", "maxRamMb", "maxSlices", "maxNodes", "maxLinks");

    /**
     * A roster CSV split: its columns by name (index), the header's line number (1-based), and every
     * line by index (null for a blank line), so problems name the line as the file shows it.
     */
    public record Roster(Map<String, Integer> columns, int headerLine, List<String[]> rows) {
        /** A field of a line, stripped; null when the column is absent or the field empty. */
        public String get(String[] f, String name) { return UserService.get(f, columns, name); }

        /** An integer field; a bad one is added to {@code problems} as "at name". */
        public Integer intField(String[] f, String name, Map<String, String> problems, String at) { return UserService.intField(f, columns, name, problems, at); }

        /** The user a line asks for, with today's user columns. */
        public NewUserRequest request(String[] f, Map<String, String> problems, String at) {
            return new NewUserRequest(get(f, "username"), get(f, "password"), get(f, "role"),
                    intField(f, "maxVms", problems, at), intField(f, "maxVcpus", problems, at), intField(f, "maxRamMb", problems, at),
                    intField(f, "maxSlices", problems, at), intField(f, "maxNodes", problems, at), intField(f, "maxLinks", problems, at));
        }
    }

    /** Splits a roster and checks its header: today's user columns plus {@code extraColumns}, a 'username' column required. */
    public static Roster parseRoster(String csv, Set<String> extraColumns) {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(csv))) {
            for (String line; (line = r.readLine()) != null; ) rows.add(line.strip().isEmpty() ? null : splitCsv(line));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int headerIdx = 0;
        while (headerIdx < rows.size() && rows.get(headerIdx) == null) headerIdx++;
        if (headerIdx == rows.size()) throw DomainError.badField("body", "the CSV is empty; expected a header line such as 'username,password,role'");
        String[] header = rows.get(headerIdx);
        Set<String> known = new java.util.TreeSet<>(ROSTER_COLUMNS);
        known.addAll(extraColumns);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            String h = header[i].strip();
            if (!known.contains(h)) throw DomainError.badField("line " + (headerIdx + 1) + ": " + h, "unknown column; known columns are " + known);
            if (col.put(h, i) != null) throw DomainError.badField("line " + (headerIdx + 1) + ": " + h, "column appears twice");
        }
        if (!col.containsKey("username")) throw DomainError.badField("line " + (headerIdx + 1), "the header has no 'username' column");
        return new Roster(col, headerIdx + 1, rows);
    }

    private static String get(String[] f, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null) return null;
        String v = f[i].strip();
        return v.isEmpty() ? null : v;
    }

    private static Integer intField(String[] f, Map<String, Integer> col, String name, Map<String, String> problems, String at) {
        String v = get(f, col, name);
        if (v == null) return null;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            problems.put(at + name, "expected an integer, got \"" + (v.length() > 32 ? v.substring(0, 32) : v) + "\"");
            return null;
        }
    }

    /** Splits one CSV line: commas, double quotes around fields, "" for a quote inside. */
    static String[] splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    public User get(Principal caller, String username) {
        if (!caller.isAdmin() && !caller.username().equals(username)) throw DomainError.notFound("user '" + safe(username) + "'");
        return store.byName(username).orElseThrow(() -> DomainError.notFound("user '" + safe(username) + "'"));
    }

    public List<User> list(String prefix, int limit, int offset) { return store.list(prefix, limit, offset); }

    public long count(String prefix) { return store.countMatching(prefix); }

    public User patch(Principal by, String username, UserPatch p) {
        User u = store.byName(username).orElseThrow(() -> DomainError.notFound("user '" + safe(username) + "'"));
        Map<String, String> problems = new LinkedHashMap<>();
        Role role = u.role();
        if (p.role() != null) {
            role = Role.parse(p.role());
            if (role == null) problems.put("role", Role.ACCEPTED);
        }
        Quota q = quota(u.quota(), p, problems, "");
        if (!problems.isEmpty()) throw invalid(problems);
        boolean disabled = p.disabled() == null ? u.disabled() : p.disabled();
        if (u.id() == by.userId() && (disabled || role != Role.ADMIN))
            throw DomainError.conflict("last-admin", "an admin cannot disable or demote themselves", disabled ? "disabled" : "role");
        User next = new User(u.id(), u.username(), role, disabled, q, u.createdAt());
        boolean removesAnAdmin = isActiveAdmin(u) && !isActiveAdmin(next);
        whileAdminsRemain(removesAnAdmin, disabled != u.disabled() ? "disabled" : "role", () -> store.update(next));
        if (disabled != u.disabled() || role != u.role()) auth.endSessions(u.id());
        audit.record(by, "user.update", u.username(), describe(u, next));
        return next;
    }

    private static String describe(User a, User b) {
        List<String> parts = new ArrayList<>();
        if (a.role() != b.role()) parts.add("role " + b.role().json());
        if (a.disabled() != b.disabled()) parts.add(b.disabled() ? "disabled" : "enabled");
        Quota q = b.quota();
        if (!a.quota().equals(q)) parts.add("quota " + q.maxVms() + " VMs, " + q.maxVcpus() + " vCPUs, " + q.maxRamMb() + " MB; "
                + q.maxSlices() + " slices of at most " + q.maxNodes() + " nodes and " + q.maxLinks() + " links");
        return String.join("; ", parts);
    }

    /**
     * Sets a new password (given, or generated and returned); ends the user's sessions. An admin's
     * password opens every account, so resetting one (another admin's, or one's own through this
     * route) needs the acting admin's current password: a stolen or unattended session alone
     * cannot take over a second admin account. Students' passwords are reset without it.
     */
    public String resetPassword(Principal by, String username, String newPassword, String yourPassword, String fromIp) {
        User u = store.byName(username).orElseThrow(() -> DomainError.notFound("user '" + safe(username) + "'"));
        if (newPassword != null && Passwords.whyWeak(newPassword) != null) throw DomainError.badField("password", Passwords.whyWeak(newPassword));
        if (u.role() == Role.ADMIN) auth.confirm(by, yourPassword, "yourPassword", "resetting the password of admin '" + u.username() + "'", fromIp);
        String pw = newPassword == null ? Passwords.generate() : newPassword;
        store.setPasswordHash(u.id(), passwords.hash(pw));
        auth.endSessions(u.id());
        audit.record(by, "user.password-reset", u.username(), null);
        return newPassword == null ? pw : null;
    }

    public void delete(Principal by, String username, SliceOwnership slices) {
        User u = store.byName(username).orElseThrow(() -> DomainError.notFound("user '" + safe(username) + "'"));
        if (u.id() == by.userId()) throw DomainError.conflict("self-delete", "an admin cannot delete themselves", null);
        long owned = slices.countOwnedBy(u.id());
        if (owned > 0) throw DomainError.conflict("user-has-slices", "user '" + username + "' owns " + owned + " slice(s); delete them or disable the user instead", null);
        String why = deleteRefusal.apply(u.id());
        if (why != null) throw DomainError.conflict("user-has-courses", "user '" + username + "' " + why, null);
        whileAdminsRemain(isActiveAdmin(u), "username", () -> {
            auth.endSessions(u.id());  // only once the delete is allowed: a refused one must not log the user out
            store.delete(u.id());
        });
        audit.record(by, "user.delete", u.username(), null);
    }

    /** Set once at start-up by features whose rows keep a user (the courses they own): why a user cannot be deleted, or null. */
    private volatile java.util.function.LongFunction<String> deleteRefusal = id -> null;

    public void refuseDeleteWhile(java.util.function.LongFunction<String> why) { this.deleteRefusal = why; }

    private static boolean isActiveAdmin(User u) { return u.role() == Role.ADMIN && !u.disabled(); }

    /**
     * Runs a change, and when it takes away an active admin, only if another active admin remains.
     * Such changes run one at a time (the count and the change together), so two admins removing
     * each other at once cannot both succeed: the server is the only writer of its users.
     */
    private void whileAdminsRemain(boolean removesAnAdmin, String field, Runnable change) {
        if (!removesAnAdmin) {
            change.run();
            return;
        }
        synchronized (adminRemovals) {
            if (store.countAdmins() <= 1)
                throw DomainError.conflict("last-admin", "this is the last active admin; make another user an admin first", field);
            change.run();
        }
    }

    /** How the user service asks, without depending on the slices feature, whether a user owns slices. */
    public interface SliceOwnership { long countOwnedBy(long userId); }

    static String safe(String s) {
        if (s == null) return "";
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * Sets ({@code key} a public key line) or clears ({@code key} empty) the caller's own SSH
     * public key; null leaves it. Returns the key now stored, or null.
     */
    public String setOwnSshPublicKey(Principal caller, String key) {
        if (key == null) return store.sshPublicKey(caller.userId()).orElse(null);
        String stored = null;
        if (!key.isBlank()) {
            String why = SshPublicKey.whyInvalid(key);
            if (why != null) throw DomainError.badField("sshPublicKey", why);
            stored = SshPublicKey.normalized(key);
        }
        if (!store.setSshPublicKey(caller.userId(), stored)) throw DomainError.unauthorized("your account no longer exists");
        audit.record(caller, stored == null ? "user.ssh-key.clear" : "user.ssh-key.set", caller.username(),
                stored == null ? null : stored.split(" ")[0]);
        return stored;
    }
}
