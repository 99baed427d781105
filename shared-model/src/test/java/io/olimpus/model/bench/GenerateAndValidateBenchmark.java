package io.olimpus.model.bench;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ValidationReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Generating and validating course shapes at 5,000 VMs (goal: each under 50 ms). The tree is the
 * nearest full tree of at least 5,000 VMs: fanout 4, depth 6 = 5,461 VMs.
 * Run: {@code mvn -q -pl shared-model -am -Pbench verify} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenerateAndValidateBenchmark {
    static final VmSpec SPEC = VmSpec.of("small", "cirros");
    static final Shape RING = Shape.ring(5_000).withVm(SPEC);
    static final Shape TREE = Shape.tree(6, 4).withVm(SPEC);

    Topology ring, tree;

    @Setup(Level.Trial)
    public void setUp() {
        ring = ShapeGenerator.generate("ring", RING);
        tree = ShapeGenerator.generate("tree", TREE);
        // A benchmark of a design with errors would measure the error path, not the normal one.
        if (TopologyValidator.validate(ring).hasErrors() || TopologyValidator.validate(tree).hasErrors())
            throw new IllegalStateException("benchmark designs must be valid");
        if (tree.vms().size() < 5_000) throw new IllegalStateException("tree too small: " + tree.vms().size());
    }

    @Benchmark public Topology generateRing5000() { return ShapeGenerator.generate("ring", RING); }
    @Benchmark public ValidationReport validateRing5000() { return TopologyValidator.validate(ring); }
    @Benchmark public ValidationReport generateAndValidateRing5000() { return TopologyValidator.validate(ShapeGenerator.generate("ring", RING)); }

    @Benchmark public Topology generateTree5461() { return ShapeGenerator.generate("tree", TREE); }
    @Benchmark public ValidationReport validateTree5461() { return TopologyValidator.validate(tree); }
    @Benchmark public ValidationReport generateAndValidateTree5461() { return TopologyValidator.validate(ShapeGenerator.generate("tree", TREE)); }
}
