package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.NodeKind;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 in the designer as users start it (DesignerApp, offline): a selected link's delay,
 * jitter, loss and rate typed into its properties, the badge that marks the link on the canvas,
 * undo, the refusal of values the model does not take (in the user's words), and a shape whose
 * links all get one set of properties from the shape dialog.
 */
class LinkPropertiesUiTest extends DesignerAppFixture {

    private void typeInto(String id, String text) throws Exception {
        TextField f = lookup(id).queryAs(TextField.class);
        // Focused directly: the column may have scrolled the field out of its viewport; the keys are real.
        interact(() -> { f.requestFocus(); f.selectAll(); });
        until("the field has the focus", f::isFocused);
        if (text.isEmpty()) type(KeyCode.BACK_SPACE); else write(text);
        type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Link link(MainWindow w, String id) throws Exception { return fx(() -> w.viewModel().topology().links().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow()); }

    /** The canvas's colour just inside the left end of the link's badge pill. */
    private Color badgePixel(MainWindow w, Link l, String text) throws Exception {
        return fx(() -> {
            Xy a = w.viewModel().position(l.a()), b = w.viewModel().position(l.b());
            Xy c = LinkBadge.centre(a, b);
            double halfWidth = (text.length() * 6.2 + 10) / 2;
            Point2D p = w.canvas().worldToLocal(new Xy(c.x() - halfWidth + 4, c.y()));
            WritableImage img = w.canvas().canvas().snapshot(null, null);
            return img.getPixelReader().getColor((int) Math.round(p.getX()), (int) Math.round(p.getY()));
        });
    }

    private static boolean orange(Color c) { return c.getRed() > 0.9 && c.getGreen() > 0.6 && c.getGreen() < 0.85 && c.getBlue() < 0.6; }

    @Test
    void aLinksPropertiesAreEditedBadgedUndoneAndBadValuesAreRefusedInWords() throws Exception {
        MainWindow w = designer();
        String linkId = fx(() -> {
            String a = w.viewModel().addNode(NodeKind.VM, new Xy(100, 200));
            String b = w.viewModel().addNode(NodeKind.VM, new Xy(420, 200));
            String l = w.viewModel().connect(a, b).orElseThrow();
            w.canvas().setView(1.0, 0, 0);
            w.viewModel().select(new Selection(Set.of(), Set.of(l)));
            return l;
        });
        until("the link's properties are shown", () -> lookup("#link-properties").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        assertThat(lookup("#link-title").queryAs(Label.class).getText()).isEqualTo("Link vm1 – vm2");
        assertThat(badgePixel(w, link(w, linkId), "50 ms · 1 %")).as("a plain link has no badge").matches(c -> !orange(c), "not orange");

        typeInto("#link-delay", "50");
        typeInto("#link-loss", "1");
        assertThat(link(w, linkId).impairment()).isEqualTo(new LinkImpairment(50.0, null, 1.0, null));
        assertThat(LinkBadge.text(link(w, linkId).impairment())).isEqualTo("50 ms · 1 %");
        assertThat(badgePixel(w, link(w, linkId), "50 ms · 1 %")).as("the impaired link's badge").matches(LinkPropertiesUiTest::orange, "orange");

        // Refused, with the reason in the user's words and the link unchanged.
        typeInto("#link-loss", "150");
        assertThat(fx(() -> lookup("#link-error").queryAs(Label.class).getText())).isEqualTo("Loss is a percentage: 150 is over 100. Type a value from 0 to 100.");
        typeInto("#link-jitter", "80");
        assertThat(fx(() -> lookup("#link-error").queryAs(Label.class).getText())).startsWith("Jitter (80 ms) cannot be larger than the delay (50 ms)");
        typeInto("#link-rate", "fast");
        assertThat(fx(() -> lookup("#link-error").queryAs(Label.class).getText())).isEqualTo("Rate: 'fast' is not a number. Type a number such as 50, or 0 to turn it off.");
        typeInto("#link-rate", "0.001");
        assertThat(fx(() -> lookup("#link-error").queryAs(Label.class).getText())).contains("0.001 Mbit/s is outside 0.01–100000 Mbit/s");
        assertThat(link(w, linkId).impairment()).isEqualTo(new LinkImpairment(50.0, null, 1.0, null));

        typeInto("#link-rate", "10");
        assertThat(fx(() -> lookup("#link-error").queryAs(Label.class).getText())).isEmpty();
        assertThat(link(w, linkId).impairment().value(LinkImpairment.Property.RATE)).isEqualTo(10.0);

        // Undo, one edit at a time, as any other edit; the fields and the badge follow.
        fx(() -> { w.viewModel().undo(); return null; });
        assertThat(link(w, linkId).impairment()).isEqualTo(new LinkImpairment(50.0, null, 1.0, null));
        assertThat(fx(() -> lookup("#link-rate").queryAs(TextField.class).getText())).isEmpty();
        fx(() -> { w.viewModel().undo(); w.viewModel().undo(); return null; });
        assertThat(link(w, linkId).impairment().impairs()).isFalse();
        assertThat(fx(() -> lookup("#link-delay").queryAs(TextField.class).getText())).isEmpty();
        assertThat(badgePixel(w, link(w, linkId), "50 ms · 1 %")).as("the badge is gone with the impairment").matches(c -> !orange(c), "not orange");

        // Selecting a node hides the link's fields.
        fx(() -> { w.viewModel().select(Selection.ofNode(link(w, linkId).a())); return null; });
        assertThat(fx(() -> lookup("#link-properties").queryAs(javafx.scene.Node.class).isVisible())).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShapeGivesAllItsLinksOneSetOfPropertiesInOneUndoableStep() throws Exception {
        MainWindow w = designer();
        clickOn("#tool-shape");
        DialogPane d = lookup("#shape-dialog").queryAs(DialogPane.class);
        interact(() -> {
            ((ChoiceBox<ShapeKind>) d.lookup("#shape-kind")).setValue(ShapeKind.RING);
            ((Spinner<Integer>) d.lookup("#shape-count")).getValueFactory().setValue(4);
        });
        // A refused value disables OK and says why.
        clickOn(d.lookup("#shape-link-loss")).write("101");
        assertThat(fx(() -> ((Label) d.lookup("#shape-error")).getText())).isEqualTo("Loss is a percentage: 101 is over 100. Type a value from 0 to 100.");
        assertThat(fx(() -> d.lookupButton(ButtonType.OK).isDisabled())).isTrue();
        interact(() -> ((TextField) d.lookup("#shape-link-loss")).setText("2"));
        clickOn(d.lookup("#shape-link-delay")).write("20");
        clickOn(d.lookup("#shape-link-rate")).write("100");
        assertThat(fx(() -> ((Label) d.lookup("#shape-error")).getText())).isEmpty();
        clickOn(d.lookupButton(ButtonType.OK));
        until("the ring is inserted", () -> w.viewModel().topology().links().size() == 4);
        LinkImpairment set = new LinkImpairment(20.0, null, 2.0, 100.0);
        assertThat(fx(() -> w.viewModel().topology().links().stream().map(Link::impairment).toList())).containsOnly(set);
        fx(() -> { w.viewModel().undo(); return null; });
        assertThat(fx(() -> w.viewModel().topology().links())).as("one undo takes the whole shape away").isEmpty();

        // The panel edits the selected links of the shape together.
        fx(() -> { w.viewModel().redo(); w.viewModel().select(new Selection(Set.of(), new LinkedHashSet<>(w.viewModel().topology().links().stream().map(Link::id).toList()))); return null; });
        until("the links' properties are shown", () -> lookup("#link-properties").queryAs(javafx.scene.Node.class).isVisible());
        assertThat(lookup("#link-title").queryAs(Label.class).getText()).startsWith("4 links selected");
        typeInto("#link-delay", "30");
        assertThat(fx(() -> w.viewModel().topology().links().stream().map(Link::impairment).toList())).containsOnly(set.with(LinkImpairment.Property.DELAY, 30.0));
        fx(() -> { w.viewModel().undo(); return null; });
        assertThat(fx(() -> w.viewModel().topology().links().stream().map(Link::impairment).toList())).containsOnly(set);
    }
}
