package io.olimpus.server.db;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Text compares byte for byte on MySQL/MariaDB as it does on H2: their default collations fold
 * case, accents and trailing spaces, so two node ids 'a' and 'A ' of one design collided in a
 * primary key on MariaDB while H2 stored them. Every table is converted to a binary no-pad
 * collation (MariaDB's utf8mb4_nopad_bin, MySQL 8's utf8mb4_0900_bin); H2 needs nothing.
 * A Java migration because the collation's name depends on the server.
 */
public class V4__Binary_identifiers extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String product = c.getMetaData().getDatabaseProductName().toLowerCase();
        if (product.contains("h2")) return;
        String version = c.getMetaData().getDatabaseProductVersion().toLowerCase();
        String collation = version.contains("mariadb") ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select table_name from information_schema.tables where table_schema = database()"
                     + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'")) {
            while (r.next()) tables.add(r.getString(1));
        }
        try (Statement s = c.createStatement()) {
            s.execute("alter database character set utf8mb4 collate " + collation);
            for (String t : tables)
                // Table names come from the schema itself, never from a request.
                s.execute("alter table `" + t.replace("`", "``") + "` convert to character set utf8mb4 collate " + collation);
        }
    }
}
