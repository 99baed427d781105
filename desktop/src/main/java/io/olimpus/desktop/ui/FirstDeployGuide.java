package io.olimpus.desktop.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Help → First deploy: a short step-by-step guide from drawing a design to opening a running VM's
 * console, in the UI's language (bundled text, shown as text: no browser or WebView needed).
 */
final class FirstDeployGuide {
    private FirstDeployGuide() {}

    /** The guide's text in {@code locale}'s language, English when there is no translation. */
    static String text(Locale locale) {
        String lang = locale == null ? "" : locale.getLanguage();
        String body = read("/io/olimpus/desktop/guide/first-deploy_" + lang + ".txt");
        return body != null ? body : read("/io/olimpus/desktop/guide/first-deploy.txt");
    }

    private static String read(String resource) {
        try (InputStream in = FirstDeployGuide.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    static void show(Window owner) {
        TextArea text = new TextArea(text(Msg.locale()));
        text.setId("guide-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefColumnCount(64);
        text.setPrefRowCount(24);
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(Msg.get("guide.title"));
        a.setHeaderText(Msg.get("guide.header"));
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId("guide-dialog");
        a.setResizable(true);
        a.initModality(Modality.NONE);
        if (owner != null) a.initOwner(owner);
        a.show();
    }
}
