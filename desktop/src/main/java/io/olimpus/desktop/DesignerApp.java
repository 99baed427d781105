package io.olimpus.desktop;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.session.DraftFolder;
import io.olimpus.desktop.session.LoginView;
import io.olimpus.desktop.session.ServerSession;
import io.olimpus.desktop.session.StartArgs;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.WindowPlace;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The designer application: one window on one design, offline or connected to a headnode.
 * Arguments: {@code --server URL --user NAME} (password in OLIMPUS_PASSWORD: opens logged in),
 * an optional topology file to open, or {@code --import LAB_FILE} (any format File → Import reads).
 */
public class DesignerApp extends Application {
    private Stage stage;
    private Scene scene;
    private Settings settings;
    private DesignerViewModel vm;
    private MainWindow window;
    private ServerSession session;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        settings = Settings.user();
        Msg.use(settings.locale());
        vm = new DesignerViewModel(LocalCatalog.load());
        session = new ServerSession(settings, vm, DraftFolder.standard());
        session.setBrowser(url -> getHostServices().showDocument(url));
        window = build();
        StartArgs args = StartArgs.parse(getParameters().getRaw(), System.getenv());
        if (args.asksForServer()) {
            LoginView login = session.showLogin(args.server(), args.user(), "");
            if (args.logsIn()) session.login(new LoginView.Credentials(args.server(), args.user(), args.password()));
            else login.focusFirstEmpty();
        } else session.showDesigner();
        scene = new Scene(session.root());
        applyTheme();
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> { if (!window.confirmDiscard()) e.consume(); });
        vm.dirtyProperty().addListener((o, a, b) -> updateTitle());
        vm.documentProperty().addListener((o, a, b) -> updateTitle());
        vm.fileProperty().addListener((o, a, b) -> updateTitle());
        updateTitle();
        place();
        stage.show();
        // Some window managers size the window before JavaFX does: the place is set again once shown.
        place();
        stage.xProperty().addListener((o, a, b) -> keepPlace());
        stage.yProperty().addListener((o, a, b) -> keepPlace());
        stage.widthProperty().addListener((o, a, b) -> keepPlace());
        stage.heightProperty().addListener((o, a, b) -> keepPlace());
        openFromArgs(args.rest(), args.asksForServer());
    }

    private void place() {
        double[] b = settings.windowBounds();
        List<Rectangle2D> screens = new ArrayList<>();
        screens.add(Screen.getPrimary().getVisualBounds());
        for (Screen s : Screen.getScreens()) if (s != Screen.getPrimary()) screens.add(s.getVisualBounds());
        Rectangle2D r = WindowPlace.choose(b == null ? null : new Rectangle2D(b[0], b[1], b[2], b[3]), screens);
        stage.setMinWidth(Math.min(WindowPlace.MIN_WIDTH, r.getWidth()));
        stage.setMinHeight(Math.min(WindowPlace.MIN_HEIGHT, r.getHeight()));
        stage.setX(r.getMinX());
        stage.setY(r.getMinY());
        stage.setWidth(r.getWidth());
        stage.setHeight(r.getHeight());
    }

    /** The window's place, for the next start (not while maximised or iconified: that is not a place the user chose). */
    private void keepPlace() {
        if (!stage.isShowing() || stage.isMaximized() || stage.isIconified() || stage.isFullScreen()) return;
        settings.setWindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    }

    private MainWindow build() {
        MainWindow w = new MainWindow(vm, settings, this::switchLanguage, this::applyTheme);
        session.attach(w);
        return w;
    }

    /** The server side of the desktop (login, slices, deploy), for tests. */
    public ServerSession session() { return session; }

    private void openFromArgs(List<String> args, boolean server) {
        if (args.isEmpty()) {
            if (server) return;
            // Nothing to open: the start screen offers recent designs, new ones and the course's examples.
            window.showStartScreen();
            return;
        }
        if (args.get(0).equals("--import") && args.size() > 1) window.importFile(Path.of(args.get(1)));
        else if (Files.isRegularFile(Path.of(args.get(0)))) window.openFile(Path.of(args.get(0)));
    }

    /** Rebuilds the window in the new language; the design, its history and selection stay. */
    private void switchLanguage(String lang) {
        settings.setLanguage(lang);
        Msg.use(settings.locale());
        Locale.setDefault(settings.locale());
        // The new window shows the drawing where the old one did: a language is not a new view.
        var old = window.canvas();
        double scale = old.scale(), x = old.translateXView(), y = old.translateYView();
        window = build();
        window.canvas().setView(scale, x, y);
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(getClass().getResource("/io/olimpus/desktop/designer.css").toExternalForm());
        if (settings.dark()) scene.getStylesheets().add(getClass().getResource("/io/olimpus/desktop/dark.css").toExternalForm());
    }

    private void updateTitle() { stage.setTitle(window.title()); }
}
