package io.olimpus.server.testbed;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an e2e test class that uses the Linux cluster test bed: the class runs alongside the
 * OpenStack bed's classes (and the unit tests), but never alongside another class on this bed.
 * Its methods keep their order and run one at a time (a class-level lock runs them on one thread).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(LinuxBed.LOCK)
public @interface LinuxBed {
    String LOCK = "olimpus-linux-bed";
}
