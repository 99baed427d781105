package io.olimpus.server;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer rules of docs/architecture.md, checked on the server's compiled main code (and the
 * shared model it builds on). A failure names the class and the dependency that broke a rule; the
 * fix is to move the code to the layer that may hold it. The lists of known breaks below only
 * ever shrink: each entry says what removes it.
 */
class ArchitectureTest {
    private static final String SERVER = "io.olimpus.server";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVER, "io.olimpus.model");
    }

    /**
     * The HTTP edge: the http package, the *Routes classes that declare a feature's endpoints, the
     * *Socket classes that serve a WebSocket, and app, the composition root that starts Javalin.
     * Nested and anonymous classes count as their outermost class.
     */
    private static final DescribedPredicate<JavaClass> HTTP_EDGE = describe("the HTTP edge (http.., *Routes, *Socket, app..)",
            c -> {
                JavaClass top = outermost(c);
                return isIn(top, "http") || isIn(top, "app")
                        || top.getSimpleName().endsWith("Routes") || top.getSimpleName().endsWith("Socket");
            });

    /** Where SQL may be written: the stores, the database setup, and the composition root. */
    private static final DescribedPredicate<JavaClass> STORAGE = describe("a store (*Store, db.., app..)",
            c -> {
                JavaClass top = outermost(c);
                return isIn(top, "db") || isIn(top, "app") || top.getSimpleName().endsWith("Store");
            });

    private static boolean isIn(JavaClass c, String feature) {
        String p = c.getPackageName(), root = SERVER + "." + feature;
        return p.equals(root) || p.startsWith(root + ".");
    }

    private static JavaClass outermost(JavaClass c) {
        while (c.getEnclosingClass().isPresent()) c = c.getEnclosingClass().get();
        return c;
    }

    @Test
    void theEngineDependsOnlyOnTheModel() {
        classes().that().resideInAPackage(SERVER + ".engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.olimpus.model..", SERVER + ".engine..", "org.slf4j..")
                .because("the engine decides (placement, allocation, ordering, rollback) and does no I/O of its own")
                .check(classes);
    }

    @Test
    void theModelDoesNoIo() {
        noClasses().that().resideInAPackage("io.olimpus.model..")
                .should().dependOnClassesThat(resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                        .or(belongToAnyOf(File.class, FileInputStream.class, FileOutputStream.class, FileReader.class,
                                FileWriter.class, RandomAccessFile.class)))
                .because("shared-model is pure: the server, the desktop and the CLI all build on it")
                .check(classes);
    }

    @Test
    void platformsNeverImportEachOther() {
        slices().matching(SERVER + ".platform.(*)..").namingSlices("platform $1")
                .should().notDependOnEachOther()
                .because("a platform is one package tree that can be added or removed alone")
                .check(classes);
    }

    @Test
    void theCoreNeverImportsAPlatform() {
        noClasses().that().resideInAnyPackage(SERVER + ".zones..", SERVER + ".deploy..", SERVER + ".monitoring..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVER + ".platform.linux..", SERVER + ".platform.openstack..")
                .because("zones, deploy and monitoring reach platforms through io.olimpus.server.platform.Platform only")
                .check(classes);
    }

    @Test
    void onlyTheHttpEdgeUsesJavalin() {
        noClasses().that(not(HTTP_EDGE))
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .because("handlers translate between HTTP and the services; everything else runs without a server")
                .check(classes);
    }

    @Test
    void servicesAndStoresNeverImportHttp() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Store")
                .should().dependOnClassesThat().resideInAPackage(SERVER + ".http..")
                .because("services throw DomainError and only the HTTP layer maps it to a status")
                .check(classes);
    }

    @Test
    void onlyTheHttpEdgeChoosesStatuses() {
        noClasses().that(not(HTTP_EDGE))
                .should().dependOnClassesThat().haveFullyQualifiedName(SERVER + ".http.ApiException")
                .because("services throw io.olimpus.server.errors.DomainError; http maps its kind to a status")
                .check(classes);
    }

    @Test
    void onlyStoresRunSql() {
        noClasses().that(not(STORAGE))
                .should().accessClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
                .because("a feature's tables are read and written through its store")
                .check(classes);
    }

    @Test
    void serverPackagesHaveNoCycles() {
        withoutKnownCycles(slices().matching(SERVER + ".(*)..").namingSlices("$1").should().beFreeOfCycles())
                .check(classes);
    }

    /**
     * Cycles that were there before these rules and that no part of issue #12 breaks; each ignored
     * edge is the one whose removal breaks its cycle (docs/architecture.md, "Known cycles").
     */
    private static SliceRule withoutKnownCycles(SliceRule rule) {
        return rule
                // http, audit and users take the caller's identity (auth.Principal, auth.Role) from auth,
                // whose routes use http and whose service audits: identity belongs in a leaf package.
                .ignoreDependency(resideInAnyPackage(SERVER + ".http..", SERVER + ".audit..", SERVER + ".users.."),
                        name(SERVER + ".auth.Principal").or(name(SERVER + ".auth.Role")))
                // users hashes with auth.Passwords and ends sessions through auth.AuthService, while auth
                // resolves tokens to users: one account feature split over two packages.
                .ignoreDependency(resideInAPackage(SERVER + ".users.."), resideInAPackage(SERVER + ".auth.."))
                // zones counts a zone's slices through catalog.CatalogUsage, while catalog's snapshot reads zones.
                .ignoreDependency(resideInAPackage(SERVER + ".zones.."), name(SERVER + ".catalog.CatalogUsage"));
    }

    /**
     * Table name to the feature package that owns it: only that package's code names it in SQL.
     * Test-side check on the sources, since SQL is text that class files do not show as dependencies.
     */
    private static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            Map.entry("users", "users"), Map.entry("auth_tokens", "auth"), Map.entry("audit_log", "audit"),
            Map.entry("flavors", "catalog"), Map.entry("images", "catalog"), Map.entry("image_files", "catalog"), Map.entry("catalog_aliases", "catalog"),
            Map.entry("zones", "zones"), Map.entry("zone_settings", "zones"), Map.entry("workers", "zones"),
            Map.entry("worker_samples", "monitoring"),
            Map.entry("slices", "slices"), Map.entry("slice_vms", "slices"), Map.entry("slice_switches", "slices"),
            Map.entry("slice_links", "slices"),
            Map.entry("slice_plans", "deploy"), Map.entry("deploy_jobs", "deploy"), Map.entry("job_events", "deploy"), Map.entry("job_evidence", "deploy"),
            Map.entry("slice_resources", "deploy"), Map.entry("alloc_segments", "deploy"), Map.entry("alloc_subnets", "deploy"),
            Map.entry("alloc_macs", "deploy"),
            Map.entry("courses", "courses"), Map.entry("course_students", "courses"), Map.entry("course_credentials", "courses"),
            Map.entry("labs", "labs"), Map.entry("lab_slices", "labs"), Map.entry("user_activity", "labs"));

    /**
     * Reads across an owner's line that are kept on purpose, as "file: table": each is one query
     * that would otherwise become a query per row, or a delete that must share its owner's transaction.
     */
    private static final Set<String> KNOWN_TABLE_CROSSINGS = Set.of(
            "auth/TokenStore.java: users",       // a token resolves to its user in the same query
            "slices/SliceStore.java: users",     // lists show the owner's name
            "zones/ZoneStore.java: worker_samples",  // a deleted worker's samples go in the same transaction
            "labs/LabStore.java: users");        // a lab's copies list their students' names

    private static final Pattern SQL_TABLE = Pattern.compile("\\b(?:from|join|into|update|table)\\s+([a-z_]+)\\b");

    @Test
    void featurePackagesOwnTheirTables() throws IOException {
        Path root = Path.of("src/main/java/io/olimpus/server");
        assertThat(migrationTables()).as("every table of the migrations has an owner here").isEqualTo(TABLE_OWNERS.keySet());
        List<String> crossings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace(File.separatorChar, '/');
                String feature = rel.substring(0, rel.indexOf('/'));
                if (feature.equals("db")) continue;
                Matcher m = SQL_TABLE.matcher(Files.readString(f));
                while (m.find()) {
                    String table = m.group(1), owner = TABLE_OWNERS.get(table);
                    String crossing = rel + ": " + table;
                    if (owner != null && !owner.equals(feature) && !KNOWN_TABLE_CROSSINGS.contains(crossing)) crossings.add(crossing);
                }
            }
        }
        assertThat(crossings).as("SQL naming another feature's table: go through that feature's store").isEmpty();
    }

    private static Set<String> migrationTables() throws IOException {
        Pattern create = Pattern.compile("(?i)create table (?:if not exists )?([a-z_]+)");
        Set<String> tables = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) tables.add(m.group(1).toLowerCase());
            }
        }
        return tables;
    }
}
