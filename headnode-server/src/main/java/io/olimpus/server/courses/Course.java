package io.olimpus.server.courses;

/**
 * A course: its owner (an instructor or an admin), the zone its labs run in, the per-student
 * quota, how many students are enrolled, and when the one-time passwords were handed out
 * (null: not yet, or none were ever made), and the language of the mails it sends its students.
 */
public record Course(long id, String name, long ownerId, String ownerName, String zone, CourseQuota quota,
                     int students, long createdAt, Long credentialsHandedOutAt, CourseLanguage language) {}
