package io.olimpus.desktop.io;

import io.olimpus.model.file.NodeLook;
import io.olimpus.model.file.Presentation;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

class IoTest {
    @Test
    void bundledCatalogAnswersTheModelsQuestions() {
        LocalCatalog c = LocalCatalog.bundled();
        assertThat(c.flavorNames()).contains("tiny", "small");
        assertThat(c.hasImage("cirros")).isTrue();
        assertThat(c.hasZone("golden")).isTrue();
        assertThat(c.smallestFlavorCovering(new Resources(2, 3000, 5))).contains("medium");
        assertThat(c.smallestFlavorCovering(new Resources(64, 1, 1))).isEmpty();
    }

    @Test
    void aCatalogOnlyHoldsNamesTheServerTakes() {
        LocalCatalog c = LocalCatalog.bundled();
        for (String n : c.images()) assertThat(io.olimpus.model.topology.Names.whyInvalid(n)).as("bundled image %s", n).isNull();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LocalCatalog.parse("{\"images\":[\"cirros\",\"ubuntu-22.04\"]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image 'ubuntu-22.04'").hasMessageContaining("rename it");
    }

    @Test
    void svgHasEveryNodeAndLink() {
        Topology t = ShapeGenerator.generate("lab", Shape.star(3, io.olimpus.model.shape.StarHub.SWITCH));
        var looks = new LinkedHashMap<String, NodeLook>();
        int i = 0;
        for (var n : t.nodes()) looks.put(n.id(), NodeLook.at(100 * i++, 50));
        String svg = SvgExport.toSvg(new TopologyDocument(t, new Presentation(looks, List.of())));
        assertThat(svg).startsWith("<?xml").contains("<svg").endsWith("</svg>\n");
        assertThat(svg.split("<line ", -1)).hasSize(4);
        assertThat(svg.split("class=\"vm\"", -1)).hasSize(4);
        assertThat(svg.split("class=\"switch\"", -1)).hasSize(2);
        assertThat(svg).contains(">vm1</text>");
    }

    @Test
    void recentFilesAreUniqueNewestFirstAndBounded() throws Exception {
        Preferences p = Preferences.userRoot().node("io/olimpus/desktop-test/" + System.nanoTime());
        try {
            Settings s = new Settings(p);
            for (int i = 0; i < 12; i++) s.addRecent(Path.of("/tmp/f" + i + ".json"));
            s.addRecent(Path.of("/tmp/f5.json"));
            assertThat(s.recent()).hasSize(Settings.RECENT_MAX);
            assertThat(s.recent().get(0)).isEqualTo(Path.of("/tmp/f5.json"));
            assertThat(s.recent()).doesNotHaveDuplicates();
            s.setLanguage("es");
            assertThat(s.locale().getLanguage()).isEqualTo("es");
        } finally {
            p.removeNode();
        }
    }

    @Test
    void problemsReadInSpanishWhenTheUiIsSpanish() {
        Topology t = new Topology("lab", null, List.of(io.olimpus.model.topology.Node.vm("n1", "web1", io.olimpus.model.topology.VmSpec.of("tiny", null))), List.of());
        var p = io.olimpus.model.validation.TopologyValidator.validate(t).problems().get(0);
        try {
            io.olimpus.desktop.ui.Msg.use(java.util.Locale.forLanguageTag("es"));
            assertThat(io.olimpus.desktop.ui.ProblemText.of(p, t)).isEqualTo("web1 no tiene imagen");
            io.olimpus.desktop.ui.Msg.use(java.util.Locale.ENGLISH);
            assertThat(io.olimpus.desktop.ui.ProblemText.of(p, t)).isEqualTo(p.message()).contains("web1");
        } finally {
            io.olimpus.desktop.ui.Msg.use(java.util.Locale.ENGLISH);
        }
    }

    @Test
    void englishAndSpanishHaveTheSameKeys() throws Exception {
        Properties en = new Properties(), es = new Properties();
        try (var a = getClass().getResourceAsStream("/io/olimpus/desktop/messages.properties");
             var b = getClass().getResourceAsStream("/io/olimpus/desktop/messages_es.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            es.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        var esUi = new java.util.HashSet<>(es.keySet());
        // Problem wordings are optional: English keeps the validator's own messages.
        esUi.removeIf(k -> k.toString().startsWith("problem."));
        assertThat(esUi).isEqualTo(en.keySet());
    }
}
