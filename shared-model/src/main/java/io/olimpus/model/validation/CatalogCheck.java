package io.olimpus.model.validation;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Do the flavors, images and zones a design names exist in the catalog? */
public final class CatalogCheck implements TopologyCheck {
    private final Catalog catalog;

    public CatalogCheck(Catalog catalog) { this.catalog = catalog; }

    @Override
    public List<Problem> check(Topology t) {
        List<Problem> out = new ArrayList<>();
        if (t.zone() != null && !catalog.hasZone(t.zone()))
            out.add(Problem.of(ProblemCode.UNKNOWN_ZONE, "availability zone '" + Names.clip(t.zone()) + "' does not exist", List.of(), List.of()));
        for (Node n : t.nodes()) {
            if (!n.isVm()) continue;
            var vm = n.vm();
            if (vm.flavor() != null && catalog.flavor(vm.flavor()).isEmpty())
                out.add(Problem.onNodes(ProblemCode.UNKNOWN_FLAVOR, Names.clip(n.name()) + ": flavor '" + Names.clip(vm.flavor()) + "' does not exist", n.id()));
            if (vm.flavor() == null && vm.requirement() != null && catalog.smallestFlavorCovering(vm.requirement()).isEmpty())
                out.add(Problem.onNodes(ProblemCode.NO_MATCHING_FLAVOR, Names.clip(n.name()) + ": no flavor has " + vm.requirement().vcpus() + " vCPU, "
                        + vm.requirement().ramMb() + " MB RAM and " + vm.requirement().diskGb() + " GB disk", n.id()));
            if (vm.image() != null && !catalog.hasImage(vm.image()))
                out.add(Problem.onNodes(ProblemCode.UNKNOWN_IMAGE, Names.clip(n.name()) + ": image '" + Names.clip(vm.image()) + "' does not exist", n.id()));
            if (vm.image() != null && catalog.hasImage(vm.image())) {
                String flavor = vm.flavor() != null ? vm.flavor() : vm.requirement() == null ? null : catalog.smallestFlavorCovering(vm.requirement()).orElse(null);
                var disk = flavor == null ? Optional.<Resources>empty() : catalog.flavor(flavor);
                var size = catalog.imageVirtualSizeBytes(vm.image());
                if (disk.isPresent() && size.isPresent() && size.getAsLong() > ((long) disk.get().diskGb() << 30)) {
                    long needGb = (size.getAsLong() + (1L << 30) - 1) >> 30;
                    out.add(Problem.onNodes(ProblemCode.IMAGE_LARGER_THAN_FLAVOR, Names.clip(n.name()) + ": image '" + Names.clip(vm.image()) + "' is a "
                            + needGb + " GB disk but flavor '" + Names.clip(flavor) + "' has " + disk.get().diskGb()
                            + " GB; choose a flavor with at least " + needGb + " GB of disk", n.id()));
                }
            }
            if (vm.zone() != null && !catalog.hasZone(vm.zone()))
                out.add(Problem.onNodes(ProblemCode.UNKNOWN_ZONE, Names.clip(n.name()) + ": availability zone '" + Names.clip(vm.zone()) + "' does not exist", n.id()));
        }
        return out;
    }
}
