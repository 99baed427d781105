package io.olimpus.desktop.course;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.wire.Wire;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Course window: one menu item away from the designer ("Courses…", instructors and admins). */
public final class CourseWindow {
    private CourseWindow() {}

    /** Whether the logged-in user runs courses (an instructor or an admin). */
    public static boolean teaches(OlimpusClient client) {
        Wire.User u = client == null ? null : client.user();
        return u != null && (u.role() == Wire.Role.ADMIN || u.role() == Wire.Role.INSTRUCTOR);
    }

    /** Opens the courses of the server {@code client} is logged in to, next to {@code owner} (may be null); FX thread. */
    public static Stage show(OlimpusClient client, Window owner) {
        CoursePane pane = new CoursePane(client);
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(Msg.fmt("course.title", client.address()));
        stage.setScene(new Scene(pane, 1200, 800));
        stage.setOnHidden(e -> pane.dispose());
        stage.show();
        return stage;
    }
}
