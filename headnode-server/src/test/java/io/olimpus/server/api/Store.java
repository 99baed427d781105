package io.olimpus.server.api;

/** The two databases every API test runs against. */
public enum Store { H2, MARIADB }
