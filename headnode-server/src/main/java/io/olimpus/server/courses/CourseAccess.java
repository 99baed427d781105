package io.olimpus.server.courses;

import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.errors.DomainError;

/**
 * Who may do what with a course and its students; the one place that decides it, for the courses
 * routes and for every feature built on courses (labs, a student's slices read by their
 * instructor). A course the caller may not see answers 404, as if it did not exist, like others' slices.
 */
public final class CourseAccess {
    private final CourseStore store;

    public CourseAccess(CourseStore store) { this.store = store; }

    /**
     * Whether the caller may read (never change) what {@code studentUserId} owns: themselves, an
     * admin, or an instructor who owns a course the student is enrolled in.
     */
    public boolean canRead(Principal caller, long studentUserId) {
        if (caller.userId() == studentUserId || caller.isAdmin()) return true;
        return caller.role() == Role.INSTRUCTOR && store.teaches(caller.userId(), studentUserId);
    }

    /** The course, when the caller owns it or is an admin; else 404. */
    public Course requireOwner(Principal caller, long courseId) {
        Course c = store.byId(courseId).orElseThrow(() -> notFound(courseId));
        if (!caller.isAdmin() && c.ownerId() != caller.userId()) throw notFound(courseId);
        return c;
    }

    /** The course, when the caller owns it, is an admin, or is enrolled in it (read-only); else 404. */
    public Course requireVisible(Principal caller, long courseId) {
        Course c = store.byId(courseId).orElseThrow(() -> notFound(courseId));
        if (caller.isAdmin() || c.ownerId() == caller.userId() || store.isEnrolled(courseId, caller.userId())) return c;
        throw notFound(courseId);
    }

    static DomainError notFound(long courseId) { return DomainError.notFound("course " + courseId); }
}
