package io.olimpus.desktop;

import javafx.application.Application;

/**
 * Entry point. Not an {@link Application} itself: started from a plain classpath, a main class
 * that extends Application fails with "JavaFX runtime components are missing".
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(DesignerApp.class, args);
    }
}
