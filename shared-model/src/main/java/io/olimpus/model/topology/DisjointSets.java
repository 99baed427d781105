package io.olimpus.model.topology;

import java.util.HashMap;
import java.util.Map;

/** Union-find over string ids (path halving): groups nodes into connected parts in near-linear time. */
public final class DisjointSets {
    private final Map<String, String> parent;

    public DisjointSets(int expectedSize) {
        parent = new HashMap<>(Math.max(16, expectedSize * 2));
    }

    public void add(String id) { parent.putIfAbsent(id, id); }

    public String find(String x) {
        String p;
        while (!(p = parent.get(x)).equals(x)) {
            String gp = parent.get(p);
            parent.put(x, gp);
            x = gp;
        }
        return x;
    }

    public void union(String a, String b) {
        String ra = find(a), rb = find(b);
        if (!ra.equals(rb)) parent.put(rb, ra);
    }
}
