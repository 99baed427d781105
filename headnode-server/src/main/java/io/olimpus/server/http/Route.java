package io.olimpus.server.http;

/** A registered route: the OpenAPI test and the authorization-matrix test both walk this list. */
public record Route(String method, String path, Access access) {
    /** The path in OpenAPI form: {@code /slices/{id}} for Javalin's {@code /slices/{id}} (the same syntax). */
    public String openApiPath() { return path; }
}
