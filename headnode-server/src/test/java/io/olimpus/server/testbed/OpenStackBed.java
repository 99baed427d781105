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
 * On an e2e test class that uses the OpenStack test bed: the class runs alongside the Linux bed's
 * classes (its time is mostly spent waiting on the cloud's control plane), but never alongside
 * another class on this bed. A class that uses both beds carries both annotations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(OpenStackBed.LOCK)
public @interface OpenStackBed {
    String LOCK = "olimpus-openstack-bed";
}
