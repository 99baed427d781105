package io.olimpus.server.mail;

/** One plain-text message to one recipient (an address already checked with {@link Mailer#whyInvalidAddress}). */
public record Mail(String to, String subject, String body) {}
