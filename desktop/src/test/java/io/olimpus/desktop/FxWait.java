package io.olimpus.desktop;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waiting on the FX thread in UI tests: a value read there, and a condition with a bound that names what it waited for. */
public final class FxWait {
    private FxWait() {}

    /** {@code c}'s value, computed on the FX thread. */
    public static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS); }

    /** Waits (30 s at most) until {@code c}, checked on the FX thread, holds; else fails saying {@code what}. */
    public static void until(String what, Callable<Boolean> c) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(c));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }
}
