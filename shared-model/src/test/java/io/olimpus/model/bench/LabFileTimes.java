package io.olimpus.model.bench;

import io.olimpus.model.file.LabExport;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.LabImport;

import java.nio.charset.StandardCharsets;

/**
 * Times importing a generated containerlab ring of N nodes and exporting it to every format;
 * prints the figures docs/benchmarks.md records. Run on demand:
 * {@code java -cp <shared-model test classpath> io.olimpus.model.bench.LabFileTimes 20000}.
 */
public final class LabFileTimes {
    private LabFileTimes() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        StringBuilder y = new StringBuilder("name: big\ntopology:\n  nodes:\n");
        for (int i = 0; i < n; i++)
            y.append("    r").append(i).append(":\n      kind: linux\n      image: ghcr.io/hellt/network-multitool\n      labels: {graph-posX: \"")
                    .append(i).append("\", graph-posY: \"").append(2 * i).append("\"}\n");
        y.append("  links:\n");
        for (int i = 0; i < n; i++) y.append("    - endpoints: [\"r").append(i).append(":eth1\", \"r").append((i + 1) % n).append(":eth2\"]\n");
        byte[] bytes = y.toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf("containerlab ring of %d nodes: %d KB%n", n, bytes.length / 1024);
        LabImport imp = null;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            imp = LabFiles.read("big.clab.yml", bytes);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("import: best of 5 %d ms, %d report lines%n", best / 1_000_000, imp.report().size());
        for (LabFormat f : new LabFormat[]{LabFormat.CONTAINERLAB, LabFormat.GNS3, LabFormat.NETLAB, LabFormat.HEAT}) {
            long bestOut = Long.MAX_VALUE;
            LabExport e = null;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                e = LabFiles.write(imp.document(), f);
                bestOut = Math.min(bestOut, System.nanoTime() - t0);
            }
            System.out.printf("export %s: best of 5 %d ms, %d KB%n", f.id(), bestOut / 1_000_000, e.text().length() / 1024);
        }
    }
}
