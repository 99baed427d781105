package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.topology.LinkImpairment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Makes docs/impaired-link.png: the real application on a virtual screen, the linear example with
 * two impaired links (their badges on the canvas) and one of them selected, its properties in
 * the right column. Runs only when asked, like {@link CanvasShot}, with
 * {@code -Dolimpus.screenshot=$PWD/docs} (a folder).
 */
@EnabledIfSystemProperty(named = "olimpus.screenshot", matches = ".+")
class LinkShot extends FxRobot {
    @Test
    void shoot() throws Exception {
        Path dir = Path.of(System.getProperty("olimpus.screenshot"));
        Shots.withApp(this, app -> {
            clickOn("#start-example-linear3");
            WaitForAsyncUtils.waitForFxEvents(20);
            MainWindow w = (MainWindow) app.session().root().getCenter();
            Shots.shotAfter(() -> {
                var stage = (javafx.stage.Stage) w.getScene().getWindow();
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(1280);
                stage.setHeight(800);
                var vm = w.viewModel();
                List<String> links = vm.topology().links().stream().map(l -> l.id()).toList();
                vm.setLinkImpairment(List.of(links.get(0)), new LinkImpairment(50.0, 5.0, 1.0, null));
                vm.setLinkImpairment(List.of(links.get(1)), new LinkImpairment(null, null, null, 10.0));
                vm.select(new Selection(Set.of(), Set.of(links.get(0))));
                var c = w.canvas();
                c.fit();
                c.zoomCentre(1.0 / c.scale());
            }, dir.resolve("impaired-link.png"));
        });
    }
}
