package io.olimpus.model.validation;

/** ERROR blocks a deploy; WARNING is shown but allowed. */
public enum Severity {
    ERROR, WARNING
}
