package io.olimpus.server.app;

/**
 * One configuration setting as it is spelled in each source. {@code flag} is null for secrets,
 * which never go on a command line (other users of the machine can read it).
 */
public record Setting(String key, String env, String flag, String defaultValue, String description) {}
