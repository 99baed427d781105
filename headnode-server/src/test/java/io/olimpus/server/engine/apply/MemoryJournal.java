package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.ResourceRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A journal in memory, for tests that exercise drivers without the server's database. */
public final class MemoryJournal implements DeploymentJournal {
    final Set<ResourceRef> refs = Collections.synchronizedSet(new LinkedHashSet<>());

    public void record(ResourceRef ref) { refs.add(ref); }

    public void forget(ResourceRef ref) { refs.remove(ref); }

    public List<ResourceRef> resources() { synchronized (refs) { return new ArrayList<>(refs); } }
}
