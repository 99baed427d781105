package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.mail.TestSmtpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's credentials hand-out as the class e2e tests of both beds check it: a roster of new
 * students imported as CSV with their emails, and each one's one-time password arriving by mail
 * at the test's SMTP server, the same as the import answered.
 */
public final class RosterMails {
    private static final Pattern PASSWORD = Pattern.compile("One-time password: (\\S+)");

    private RosterMails() {}

    /**
     * Imports {@code students} (new usernames; email username@example.org) into the course, checks
     * every one was mailed and the mails at {@code smtp} carry the passwords the import answered;
     * returns username to mailed password.
     */
    public static Map<String, String> importAndReadMails(ApiClient api, String token, long course, List<String> students, TestSmtpServer smtp)
            throws InterruptedException {
        StringBuilder csv = new StringBuilder("username,email\n");
        for (String st : students) csv.append(st).append(',').append(st).append("@example.org\n");
        var imported = api.send("POST", "/courses/" + course + "/roster", token, csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        Map<String, String> passwords = new HashMap<>();
        for (JsonNode h : imported.json().get("created")) {
            assertThat(h.get("mailed").asBoolean()).as("%s", h).isTrue();
            passwords.put(h.get("username").asText(), h.get("password").asText());
        }
        assertThat(passwords).containsOnlyKeys(students);
        Map<String, String> mailed = new HashMap<>();
        for (int i = 0; i < students.size(); i++) {
            var m = smtp.next(Duration.ofSeconds(60));
            assertThat(m).as("mail %d of %d", i + 1, students.size()).isNotNull();
            Matcher pw = PASSWORD.matcher(m.body());
            assertThat(pw.find()).as("a password in %s", m.body()).isTrue();
            mailed.put(m.to().get(0), pw.group(1));
        }
        Map<String, String> byStudent = new HashMap<>();
        for (String st : students) {
            assertThat(mailed.get(st + "@example.org")).as("the mail to %s", st).isEqualTo(passwords.get(st));
            byStudent.put(st, mailed.get(st + "@example.org"));
        }
        return byStudent;
    }
}
