package io.olimpus.desktop.ui;

import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.TopologyLimits;
import io.olimpus.model.validation.Problem;

import java.util.List;
import java.util.Optional;

/**
 * A problem in the UI's language. The validator writes English messages; the bundle may word a
 * code differently ({@code problem.MISSING_IMAGE}), filled in from the problem's node names.
 * Arguments: {0} the node names, {1} the validator's message, {2} the slice name, {3} the first
 * node name, {4} the interface limit, {5} how many nodes. Codes without a wording keep {1}.
 */
public final class ProblemText {
    private ProblemText() {}

    public static String of(Problem p, Topology t) {
        String key = "problem." + p.code().name();
        if (!Msg.has(key)) return p.message();
        List<String> names = p.nodeIds().stream().map(t::node).flatMap(Optional::stream).map(Node::name).toList();
        return Msg.fmt(key, String.join(", ", names), p.message(), t.name(), names.isEmpty() ? "" : names.get(0),
                TopologyLimits.MAX_INTERFACES_PER_VM, p.nodeIds().size());
    }
}
