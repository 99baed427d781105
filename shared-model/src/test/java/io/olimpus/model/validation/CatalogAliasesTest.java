package io.olimpus.model.validation;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogAliasesTest {
    static final CatalogAliases ALIASES = new CatalogAliases(Map.of("golden zone", "golden"),
            Map.of("cirros-0.6.2-x86_64-disk.img", "cirros"), Map.of("m1.small", "small"));

    @Test
    void aliasesAreReadWhateverTheirCaseAndSpacesAndSaidInOneNoteEach() {
        Topology t = ShapeGenerator.generate("lab", Shape.ring(3).withVm(VmSpec.of("M1.Small", " Cirros-0.6.2-x86_64-disk.img").withZone("Golden Zone")))
                .withZone("golden zone ");
        var r = ALIASES.apply(t);
        assertThat(r.topology().zone()).isEqualTo("golden");
        assertThat(r.topology().vms()).allSatisfy(n -> {
            assertThat(n.vm().flavor()).isEqualTo("small");
            assertThat(n.vm().image()).isEqualTo("cirros");
            assertThat(n.vm().zone()).isEqualTo("golden");
        });
        assertThat(r.notes()).extracting(Problem::code).containsOnly(ProblemCode.CATALOG_ALIAS);
        assertThat(r.notes()).hasSize(4);   // the zone as written twice, the flavor, the image
        assertThat(r.topology().links()).isEqualTo(t.links());
    }

    @Test
    void validNamesAndUnknownOnesAreLeftAsTheyAre() {
        Topology t = ShapeGenerator.generate("lab", Shape.ring(3).withVm(VmSpec.of("small", "Unknown Image"))).withZone("golden");
        var r = ALIASES.apply(t);
        assertThat(r.topology()).isSameAs(t);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void anAliasCannotBeANameItselfNorBlankNorLong() {
        assertThat(CatalogAliases.whyInvalid("Golden Zone")).isNull();
        assertThat(CatalogAliases.whyInvalid("golden")).contains("valid name");
        assertThat(CatalogAliases.whyInvalid(" ")).contains("blank");
        assertThat(CatalogAliases.whyInvalid("a".repeat(101))).contains("at most");
        assertThat(CatalogAliases.whyInvalid("a\u0007b")).contains("control");
    }
}
