package io.olimpus.desktop.ui;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.MappingFile;
import io.olimpus.desktop.io.Settings;
import io.olimpus.model.file.ImageMapping;
import io.olimpus.model.file.LabExport;
import io.olimpus.model.file.LabFileProblems;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.desktop.io.SvgExport;
import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.CatalogMapping;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The designer's window: menus, tool bar, palette, canvas with minimap, properties and problems.
 * It wires user gestures to {@link DesignerViewModel} calls and shows dialogs; the rules live in
 * the view model and the shared model.
 */
public final class MainWindow extends BorderPane {
    private static final ExecutorService LAYOUTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "olimpus-layout");
        t.setDaemon(true);
        return t;
    });

    private final DesignerViewModel vm;
    private final Settings settings;
    private final TopologyCanvas canvas;
    private final Minimap minimap;
    private final HelpOverlay help = new HelpOverlay();
    private final Pane overlay = new Pane();
    private final TextField renameField = new TextField();
    private final TextField findField = new TextField();
    private final Label status = new Label();
    private final Menu recentMenu = new Menu();
    private final BooleanProperty layoutRunning = new SimpleBooleanProperty(false);
    private final ToggleButton selectTool = new ToggleButton(), linkTool = new ToggleButton();
    private final Consumer<String> onLanguage;
    private final Runnable onTheme;
    private String renaming;
    private AnimationTimer animation;
    private MenuBar menuBar;
    private SplitPane right;
    private StackPane centre;
    private StartScreen startScreen;
    private Path mappingFile = MappingFile.standard();
    private SplitPane main;
    private Palette palette;
    private javafx.scene.control.ScrollPane propsScroll;
    private Menu viewMenu, helpMenu;
    private javafx.scene.control.Button fitButton;

    public MainWindow(DesignerViewModel vm, Settings settings, Consumer<String> onLanguage, Runnable onTheme) {
        this.vm = vm;
        this.settings = settings;
        this.onLanguage = onLanguage;
        this.onTheme = onTheme;
        setId("main-window");
        canvas = new TopologyCanvas(vm);
        canvas.setId("canvas");
        canvas.setStyle(settings.dark() ? CanvasStyle.DARK : CanvasStyle.LIGHT);
        minimap = new Minimap(vm, canvas);
        canvas.setOnViewChanged(minimap::updateFrame);
        canvas.setOnRenameRequest(this::startRename);
        canvas.setOnContextMenu(this::contextMenu);
        canvas.setOnEditAnnotation(this::editAnnotation);

        overlay.setPickOnBounds(false);
        renameField.setId("rename-field");
        renameField.setVisible(false);
        renameField.setPrefWidth(140);
        renameField.setOnAction(e -> commitRename());
        renameField.addEventHandler(KeyEvent.KEY_PRESSED, e -> { if (e.getCode() == KeyCode.ESCAPE) { endRename(); e.consume(); } });
        renameField.focusedProperty().addListener((o, a, now) -> { if (!now && renaming != null) commitRename(); });
        overlay.getChildren().add(renameField);

        centre = new StackPane(canvas, overlay, minimap, help);
        StackPane.setAlignment(minimap, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(minimap, new Insets(10));
        centre.setMinSize(0, 0);

        PropertiesPane props = new PropertiesPane(vm);
        ProblemsPane problems = new ProblemsPane(vm, this::pickProblem);
        // The properties scroll rather than push the problems out of sight (a multi-select's form is tall),
        // and the problems keep room for a few lines whatever sits above or below them.
        LinkPropertiesPane linkProps = new LinkPropertiesPane(vm);  // a selected link's properties replace the nodes' form
        props.visibleProperty().bind(linkProps.visibleProperty().not());
        props.managedProperty().bind(props.visibleProperty());
        propsScroll = new javafx.scene.control.ScrollPane(new javafx.scene.layout.VBox(props, linkProps));
        propsScroll.setId("properties-scroll");
        propsScroll.setFitToWidth(true);
        propsScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        propsScroll.setMinHeight(90);
        problems.setMinHeight(140);
        right = new SplitPane(propsScroll, problems);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.5);
        right.setPrefWidth(300);
        right.setMinWidth(220);

        palette = new Palette(vm, canvas);
        // The palette's Link and the toolbar's are one tool: either one switches it, both show it.
        palette.linkToggle().setOnAction(e -> (palette.linkToggle().isSelected() ? linkTool : selectTool).setSelected(true));
        linkTool.selectedProperty().addListener((o, a, b) -> palette.linkToggle().setSelected(b));
        main = new SplitPane(palette, centre, right);
        main.setDividerPositions(0.1, 0.76);
        SplitPane.setResizableWithParent(main.getItems().get(0), false);
        SplitPane.setResizableWithParent(right, false);

        menuBar = menuBar();
        setTop(new javafx.scene.layout.VBox(menuBar, toolBar()));
        setCenter(main);
        HBox statusBar = new HBox(status);
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(3, 8, 3, 8));
        status.setId("status");
        setBottom(statusBar);

        addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventFilter(KeyEvent.KEY_RELEASED, e -> { if (e.getCode() == KeyCode.SPACE) canvas.spaceDownProperty().set(false); });
        vm.documentProperty().addListener((o, a, b) -> updateStatus());
        vm.selectionProperty().addListener((o, a, b) -> updateStatus());
        canvas.zoomProperty().addListener((o, a, b) -> updateStatus());
        vm.snapToGridProperty().set(settings.snap());
        updateStatus();
        refreshRecent();
    }

    public TopologyCanvas canvas() { return canvas; }
    public DesignerViewModel viewModel() { return vm; }
    public BooleanProperty layoutRunningProperty() { return layoutRunning; }
    public HelpOverlay help() { return help; }

    /**
     * Joins the server session's parts to the designer: its menu before Help, and its panel
     * (deploy, plan, VMs) under the properties and problems.
     */
    public void addServerParts(Menu menu, javafx.scene.Node panel) {
        menuBar.getMenus().add(menuBar.getMenus().size() - 1, menu);
        right.getItems().add(panel);
        right.setDividerPositions(0.3, 0.55);
    }

    /**
     * Shows the design to be read, never changed (an instructor looking at a student's slice):
     * {@code banner} says whose it is across the top; no palette, no editing menus or tools, no
     * context menu, rename or editing keys, and the properties can be read but not edited. The view
     * model refuses every edit besides ({@link DesignerViewModel#setReadOnly}).
     */
    public void makeReadOnly(String banner, javafx.scene.Node... tools) {
        vm.setReadOnly(true);
        Label b = new Label(banner);
        b.setId("read-only-banner");
        b.getStyleClass().add("read-only-banner");
        b.setMaxWidth(Double.MAX_VALUE);
        b.setWrapText(true);
        b.setPadding(new Insets(6, 10, 6, 10));
        menuBar.getMenus().setAll(viewMenu, helpMenu);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar bar = new ToolBar(fitButton);
        bar.getItems().addAll(tools);  // a read-only window's own tools (watching a student's VMs)
        bar.getItems().addAll(grow, findField);
        setTop(new javafx.scene.layout.VBox(menuBar, b, bar));
        main.getItems().remove(palette);
        main.setDividerPositions(0.8);
        propsScroll.getContent().setDisable(true);
        canvas.setOnRenameRequest(id -> {});
        canvas.setOnContextMenu((t, p) -> {});
        canvas.setOnEditAnnotation(a -> {});
        updateStatus();
    }

    public boolean isReadOnly() { return vm.isReadOnly(); }

    /** What a link's context menu offers besides Delete (the server session adds Capture… on a running slice). */
    private java.util.function.Function<String, java.util.List<MenuItem>> linkActions = id -> java.util.List.of();

    public void setLinkActions(java.util.function.Function<String, java.util.List<MenuItem>> actions) { linkActions = actions; }

    /** A message in the status bar (replaced by the next edit's summary). */
    public void showStatus(String text) { status.setText(text); }

    // ---- menus ------------------------------------------------------------------------------

    private MenuItem item(String key, String accel, Runnable action) {
        MenuItem m = new MenuItem(Msg.get(key));
        m.setId("menu-" + key.substring(key.indexOf('.') + 1));
        if (accel != null) m.setAccelerator(KeyCombination.keyCombination(accel));
        m.setOnAction(e -> action.run());
        return m;
    }

    private MenuBar menuBar() {
        Menu file = new Menu(Msg.get("menu.file"));
        file.setId("menu-file");
        recentMenu.setText(Msg.get("menu.recent"));
        file.getItems().addAll(
                item("menu.new", "Shortcut+N", this::newDesign),
                item("menu.open", "Shortcut+O", this::open),
                recentMenu,
                item("menu.save", "Shortcut+S", this::save),
                item("menu.saveAs", "Shortcut+Shift+S", this::saveAs),
                new SeparatorMenuItem(),
                item("menu.import", "Shortcut+I", this::importLab),
                item("menu.export", "Shortcut+E", this::exportLab),
                item("menu.exportPng", null, () -> chooseAndExport("png")),
                item("menu.exportSvg", null, () -> chooseAndExport("svg")),
                new SeparatorMenuItem(),
                item("menu.quit", "Shortcut+Q", () -> { if (confirmDiscard()) Platform.exit(); }));

        MenuItem undo = item("menu.undo", "Shortcut+Z", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        MenuItem redo = item("menu.redo", "Shortcut+Y", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        MenuItem delete = item("menu.delete", null, this::deleteSelected);
        delete.setAccelerator(new javafx.scene.input.KeyCodeCombination(KeyCode.DELETE));
        Menu edit = new Menu(Msg.get("menu.edit"));
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(),
                item("menu.copy", "Shortcut+C", vm::copy),
                item("menu.paste", "Shortcut+V", vm::paste),
                item("menu.duplicate", "Shortcut+D", vm::duplicate),
                delete,
                new SeparatorMenuItem(),
                item("menu.rename", "F2", this::renameSelected),
                item("menu.selectAll", "Shortcut+A", vm::selectAll),
                item("menu.find", "Shortcut+F", () -> findField.requestFocus()));

        Menu insert = new Menu(Msg.get("menu.insert"));
        insert.getItems().addAll(
                item("menu.addVm", "Shortcut+1", () -> vm.addNode(NodeKind.VM, canvas.viewCentreWorld())),
                item("menu.addSwitch", "Shortcut+2", () -> vm.addNode(NodeKind.SWITCH, canvas.viewCentreWorld())),
                item("menu.shape", "Shortcut+K", () -> insertShape(null, null)),
                new SeparatorMenuItem(),
                item("menu.addNote", null, () -> addNote(canvas.viewCentreWorld())),
                item("menu.addArea", null, () -> addArea(canvas.viewCentreWorld())));

        Menu layout = new Menu(Msg.get("menu.layout"));
        int i = 1;
        for (LayoutKind k : LayoutKind.values())
            layout.getItems().add(item("layout." + k.name().toLowerCase(), "Shortcut+Alt+" + i++, () -> runLayout(k)));

        CheckMenuItem snap = new CheckMenuItem(Msg.get("menu.snap"));
        snap.setId("menu-snap");
        snap.setAccelerator(KeyCombination.keyCombination("Shortcut+G"));
        snap.selectedProperty().bindBidirectional(vm.snapToGridProperty());
        snap.setOnAction(e -> settings.setSnap(snap.isSelected()));
        CheckMenuItem mini = new CheckMenuItem(Msg.get("menu.minimap"));
        mini.setSelected(true);
        mini.setAccelerator(KeyCombination.keyCombination("Shortcut+M"));
        minimap.visibleProperty().bind(mini.selectedProperty());
        canvas.setFitBottomMargin(Minimap.H + 20);
        mini.selectedProperty().addListener((o, a, on) -> canvas.setFitBottomMargin(on ? Minimap.H + 20 : 0));
        CheckMenuItem dark = new CheckMenuItem(Msg.get("menu.dark"));
        dark.setId("menu-dark");
        dark.setSelected(settings.dark());
        dark.setOnAction(e -> { settings.setDark(dark.isSelected()); canvas.setStyle(dark.isSelected() ? CanvasStyle.DARK : CanvasStyle.LIGHT); onTheme.run(); });
        Menu language = new Menu(Msg.get("menu.language"));
        language.setId("menu-language");
        ToggleGroup langs = new ToggleGroup();
        for (String[] l : new String[][]{{"", "lang.system"}, {"en", "lang.en"}, {"es", "lang.es"}}) {
            RadioMenuItem r = new RadioMenuItem(Msg.get(l[1]));
            r.setId("menu-lang-" + (l[0].isEmpty() ? "system" : l[0]));
            r.setToggleGroup(langs);
            r.setOnAction(e -> onLanguage.accept(l[0]));
            language.getItems().add(r);
        }
        Menu view = new Menu(Msg.get("menu.view"));
        viewMenu = view;
        view.setId("menu-view");
        view.getItems().addAll(
                item("menu.zoomIn", "Shortcut+Plus", () -> canvas.zoomCentre(1.25)),
                item("menu.zoomOut", "Shortcut+Minus", () -> canvas.zoomCentre(1 / 1.25)),
                item("menu.fit", "Shortcut+0", canvas::fit),
                new SeparatorMenuItem(), snap, mini, dark, language);

        helpMenu = new Menu(Msg.get("menu.helpMenu"));
        helpMenu.getItems().addAll(item("menu.help", "F1", this::toggleHelp), item("menu.guide", null, this::showGuide));

        MenuBar bar = new MenuBar(file, edit, insert, layout, view, helpMenu);
        bar.setId("menu-bar");
        return bar;
    }

    private ToolBar toolBar() {
        ToggleGroup tools = new ToggleGroup();
        selectTool.setText(Msg.get("tool.select"));
        selectTool.setId("tool-select");
        selectTool.setTooltip(new Tooltip(Msg.get("tool.selectHint")));
        linkTool.setText(Msg.get("tool.link"));
        linkTool.setId("tool-link");
        linkTool.setTooltip(new Tooltip(Msg.get("tool.linkHint")));
        selectTool.setToggleGroup(tools);
        linkTool.setToggleGroup(tools);
        selectTool.setSelected(true);
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) { a.setSelected(true); return; }
            canvas.setTool(b == linkTool ? TopologyCanvas.Tool.LINK : TopologyCanvas.Tool.SELECT);
        });
        javafx.scene.control.Button shape = new javafx.scene.control.Button(Msg.get("tool.shape"));
        shape.setId("tool-shape");
        shape.setOnAction(e -> insertShape(null, null));
        javafx.scene.control.MenuButton layouts = new javafx.scene.control.MenuButton(Msg.get("menu.layout"));
        layouts.setId("tool-layout");
        for (LayoutKind k : LayoutKind.values()) {
            MenuItem m = new MenuItem(Msg.get("layout." + k.name().toLowerCase()));
            m.setOnAction(e -> runLayout(k));
            layouts.getItems().add(m);
        }
        javafx.scene.control.Button undo = new javafx.scene.control.Button("↶");
        undo.setTooltip(new Tooltip(Msg.get("menu.undo")));
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setOnAction(e -> vm.undo());
        javafx.scene.control.Button redo = new javafx.scene.control.Button("↷");
        redo.setTooltip(new Tooltip(Msg.get("menu.redo")));
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.setOnAction(e -> vm.redo());
        javafx.scene.control.Button fit = new javafx.scene.control.Button(Msg.get("menu.fit"));
        fit.setId("tool-fit");
        fit.setOnAction(e -> canvas.fit());
        fitButton = fit;
        findField.setId("find-field");
        findField.setPromptText(Msg.get("find.prompt"));
        findField.setPrefWidth(160);
        findField.setOnAction(e -> find(findField.getText()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        return new ToolBar(selectTool, linkTool, new javafx.scene.control.Separator(), shape, layouts,
                new javafx.scene.control.Separator(), undo, redo, fit, grow, findField);
    }

    // ---- keyboard ---------------------------------------------------------------------------

    private void keyPressed(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) return;
        if (help.isVisible() && (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.F1)) {
            help.setVisible(false);
            e.consume();
            return;
        }
        if (e.isShortcutDown() || e.isAltDown()) {
            if (e.isShortcutDown() && (e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD)) { canvas.zoomCentre(1.25); e.consume(); }
            else if (e.isShortcutDown() && e.getCode() == KeyCode.SUBTRACT) { canvas.zoomCentre(1 / 1.25); e.consume(); }
            return;
        }
        if (vm.isReadOnly()) {
            // Looking only: panning with Space and leaving the selection; no key edits.
            if (e.getCode() == KeyCode.SPACE) canvas.spaceDownProperty().set(true);
            else if (e.getCode() == KeyCode.ESCAPE) vm.select(Selection.NONE);
            else return;
            e.consume();
            return;
        }
        switch (e.getCode()) {
            case DELETE, BACK_SPACE -> deleteSelected();
            case SPACE -> canvas.spaceDownProperty().set(true);
            case S -> selectTool.setSelected(true);
            case L -> linkTool.setSelected(true);
            case ESCAPE -> { vm.select(Selection.NONE); selectTool.setSelected(true); }
            case LEFT -> nudge(-1, 0, e.isShiftDown());
            case RIGHT -> nudge(1, 0, e.isShiftDown());
            case UP -> nudge(0, -1, e.isShiftDown());
            case DOWN -> nudge(0, 1, e.isShiftDown());
            default -> { return; }
        }
        e.consume();
    }

    private void nudge(double dx, double dy, boolean big) {
        if (vm.selection().nodes().isEmpty()) return;
        double step = big ? 50 : vm.snapToGridProperty().get() ? DesignerViewModel.GRID : 5;
        vm.moveBy(vm.selection().nodes(), dx * step, dy * step);
    }

    public void toggleHelp() { help.setVisible(!help.isVisible()); if (help.isVisible()) help.toFront(); }

    // ---- rename in place --------------------------------------------------------------------

    private void renameSelected() {
        if (vm.selection().nodes().size() == 1) startRename(vm.selection().nodes().iterator().next());
    }

    public void startRename(String nodeId) {
        Optional<Node> n = vm.topology().node(nodeId);
        if (n.isEmpty()) return;
        renaming = nodeId;
        Point2D p = overlay.sceneToLocal(canvas.localToScene(canvas.worldToLocal(vm.position(nodeId))));
        renameField.setText(n.get().name());
        renameField.relocate(p.getX() - 70, p.getY() + TopologyCanvas.NODE / 2 * canvas.scale());
        renameField.getStyleClass().remove("invalid");
        renameField.setTooltip(null);
        renameField.setVisible(true);
        renameField.requestFocus();
        renameField.selectAll();
    }

    private void commitRename() {
        if (renaming == null) return;
        String why = vm.rename(renaming, renameField.getText().trim());
        if (why != null) {
            if (!renameField.getStyleClass().contains("invalid")) renameField.getStyleClass().add("invalid");
            renameField.setTooltip(new Tooltip(Msg.fmt("props.badName", why)));
            status.setText(Msg.fmt("props.badName", why));
            if (!renameField.isFocused()) endRename();
            return;
        }
        endRename();
    }

    private void endRename() {
        renaming = null;
        renameField.setVisible(false);
        canvas.requestFocus();
    }

    // ---- context menus ----------------------------------------------------------------------

    private void contextMenu(TopologyCanvas.ContextTarget t, Point2D screen) {
        ContextMenu m = new ContextMenu();
        m.setId("canvas-context-menu");
        if (t.nodeId() != null) {
            Node n = vm.topology().requireNode(t.nodeId());
            m.getItems().addAll(
                    item("menu.rename", null, () -> startRename(n.id())),
                    item("ctx.linkFrom", null, () -> linkTool.setSelected(true)),
                    item("ctx.attachShape", null, () -> insertShape(null, n.id())));
            if (n.isVm()) {
                MenuItem inet = item(n.vm().internet() ? "ctx.internetOff" : "ctx.internetOn", null,
                        () -> vm.updateVms(vm.selection().nodes(), s -> s.withInternet(!n.vm().internet()), "internet"));
                m.getItems().add(inet);
            }
            m.getItems().addAll(new SeparatorMenuItem(),
                    item("menu.copy", null, vm::copy),
                    item("menu.duplicate", null, vm::duplicate),
                    item("menu.delete", null, vm::deleteSelection));
        } else if (t.linkId() != null) {
            m.getItems().addAll(linkActions.apply(t.linkId()));
            m.getItems().add(item("menu.delete", null, vm::deleteSelection));
        } else if (t.annotation() != null) {
            TopologyCanvas.AnnotationRef a = t.annotation();
            m.getItems().addAll(
                    item(a.area() ? "ctx.renameArea" : "ctx.editNote", null, () -> editAnnotation(a)),
                    item("menu.delete", null, () -> { canvas.pick(a); canvas.deletePicked(); }));
        } else {
            m.getItems().addAll(
                    item("menu.addVm", null, () -> vm.addNode(NodeKind.VM, t.world())),
                    item("menu.addSwitch", null, () -> vm.addNode(NodeKind.SWITCH, t.world())),
                    item("menu.shape", null, () -> insertShapeAt(t.world())),
                    item("menu.addNote", null, () -> addNote(t.world())),
                    item("menu.addArea", null, () -> addArea(t.world())),
                    new SeparatorMenuItem(),
                    item("menu.paste", null, vm::paste),
                    item("menu.selectAll", null, vm::selectAll),
                    item("menu.fit", null, canvas::fit));
            m.getItems().get(6).setDisable(!vm.hasClipboard());
        }
        m.show(canvas, screen.getX(), screen.getY());
    }

    // ---- start screen and guide ------------------------------------------------------------------

    public void showGuide() { FirstDeployGuide.show(window()); }

    /** Shows the start screen over the empty canvas; it goes once anything is opened, made or drawn. */
    public void showStartScreen() {
        if (startScreen != null) return;
        startScreen = new StartScreen(settings.recent(), new StartScreen.Actions() {
            public void openRecent(Path file) { hideStartScreen(); openFile(file); }
            public void open() { hideStartScreen(); MainWindow.this.open(); }
            public void newEmpty() { hideStartScreen(); }
            public void newFromShape() { hideStartScreen(); insertShape(null, null); Platform.runLater(canvas::fit); }
            public void openExample(String name) { hideStartScreen(); MainWindow.this.openExample(name); }
            public void guide() { showGuide(); }
        });
        centre.getChildren().add(startScreen);
        vm.documentProperty().addListener((o, a, b) -> { if (!b.topology().nodes().isEmpty()) hideStartScreen(); });
    }

    public boolean isStartScreenShown() { return startScreen != null && centre.getChildren().contains(startScreen); }

    private void hideStartScreen() {
        if (startScreen != null) centre.getChildren().remove(startScreen);
    }

    /** Opens a bundled course lab as a new design stored nowhere yet (Save asks where). */
    public void openExample(String name) {
        try (var in = MainWindow.class.getResourceAsStream("/io/olimpus/desktop/examples/" + name + ".json")) {
            if (in == null) throw new IOException("no example named " + name);
            vm.openDocument(io.olimpus.model.file.TopologyFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            Platform.runLater(canvas::fit);
        } catch (IOException | RuntimeException e) {
            error(Msg.fmt("error.open", name), e.getMessage());
        }
    }

    // ---- notes and areas ----------------------------------------------------------------------

    /** Delete: the picked note or area when there is one, else the selected nodes and links. */
    private void deleteSelected() {
        if (!canvas.deletePicked()) vm.deleteSelection();
    }

    /** Asks for a note's text and places it at {@code at}; the note stays picked to be moved. */
    public void addNote(Xy at) {
        askText("note", Msg.get("note.default")).ifPresent(text ->
                canvas.pick(new TopologyCanvas.AnnotationRef(false, vm.addNote(text, vm.snap(at)))));
    }

    /** Asks for an area's name and draws it around {@code at}, the selected nodes' box when there are some. */
    public void addArea(Xy at) {
        askText("area", Msg.get("area.default")).ifPresent(name -> {
            double x = at.x() - 150, y = at.y() - 100, w = 300, h = 200;
            if (!vm.selection().nodes().isEmpty()) {
                double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
                for (String id : vm.selection().nodes()) {
                    Xy p = vm.position(id);
                    minX = Math.min(minX, p.x()); minY = Math.min(minY, p.y());
                    maxX = Math.max(maxX, p.x()); maxY = Math.max(maxY, p.y());
                }
                double m = TopologyCanvas.NODE * 1.5;
                x = minX - m; y = minY - m - 20; w = maxX - minX + 2 * m; h = maxY - minY + 2 * m + 20;
            }
            canvas.pick(new TopologyCanvas.AnnotationRef(true, vm.addArea(name, new Xy(x, y), w, h)));
        });
    }

    /** A double-click or the menu on a note (its text) or an area (its name). */
    private void editAnnotation(TopologyCanvas.AnnotationRef a) {
        var p = vm.document().presentation();
        if (a.area()) {
            if (a.index() < p.areas().size()) askText("area", p.areas().get(a.index()).name()).ifPresent(n -> vm.renameArea(a.index(), n));
        } else if (a.index() < p.notes().size()) {
            askText("note", p.notes().get(a.index()).text()).ifPresent(t -> vm.editNote(a.index(), t));
        }
    }

    /** A small dialog asking for a note's text or an area's name ({@code kind}: note or area); empty when cancelled. */
    private Optional<String> askText(String kind, String initial) {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(initial);
        d.setTitle(Msg.get(kind + ".title"));
        d.setHeaderText(Msg.get(kind + ".prompt"));
        d.getDialogPane().setId(kind + "-dialog");
        d.getEditor().setId(kind + "-text");
        if (window() != null) d.initOwner(window());
        return d.showAndWait().map(String::strip).filter(t -> kind.equals("note") || !t.isEmpty());
    }

    // ---- shapes and layouts -----------------------------------------------------------------

    private Xy shapeTarget;

    private void insertShapeAt(Xy at) {
        shapeTarget = at;
        insertShape(null, null);
    }

    /** Opens the shape dialog; attaches to {@code attachTo}, or to the one selected node when asked. */
    public void insertShape(ShapeKind initial, String attachTo) {
        String anchor = attachTo;
        if (anchor == null && vm.selection().nodes().size() == 1) anchor = vm.selection().nodes().iterator().next();
        String anchorName = anchor == null ? null : vm.topology().requireNode(anchor).name();
        ShapeDialog d = new ShapeDialog(initial, anchorName);
        if (getScene() != null) d.initOwner(getScene().getWindow());
        String a = anchor;
        Xy at = shapeTarget != null ? shapeTarget : canvas.viewCentreWorld();
        shapeTarget = null;
        d.showAndWait().ifPresent(req -> {
            String attach = req.attach() ? a : null;
            Xy centre = vm.shapeCentre(req.shape(), attach, at);
            vm.insertShape(req.shape(), attach, centre, req.links());
            Point2D c = canvas.worldToLocal(centre);
            if (c.getX() < 0 || c.getY() < 0 || c.getX() > canvas.getWidth() || c.getY() > canvas.getHeight()) canvas.centreOn(centre);
        });
    }

    /** Computes the layout on a background thread, then animates the nodes there (one undo step). */
    public void runLayout(LayoutKind kind) {
        if (layoutRunning.get() || vm.topology().nodes().isEmpty()) return;
        layoutRunning.set(true);
        status.setText(Msg.get("status.layingOut"));
        Topology snapshot = vm.topology();
        String root = vm.selection().nodes().size() == 1 ? vm.selection().nodes().iterator().next() : null;
        Task<Map<String, Xy>> task = new Task<>() {
            @Override protected Map<String, Xy> call() { return DesignerViewModel.computeLayout(snapshot, kind, root); }
        };
        task.setOnSucceeded(e -> {
            if (vm.topology() != snapshot) { layoutRunning.set(false); updateStatus(); return; }
            animateTo(kind, task.getValue());
        });
        task.setOnFailed(e -> { layoutRunning.set(false); status.setText(String.valueOf(task.getException())); });
        LAYOUTS.submit(task);
    }

    private void animateTo(LayoutKind kind, Map<String, Xy> target) {
        Map<String, Xy> from = new HashMap<>();
        for (String id : target.keySet()) from.put(id, vm.position(id));
        long durationNs = target.size() > 3000 ? 0 : 350_000_000L;
        if (animation != null) animation.stop();
        animation = new AnimationTimer() {
            long start = -1;
            @Override public void handle(long now) {
                if (start < 0) start = now;
                double f = durationNs == 0 ? 1 : Math.min(1, (now - start) / (double) durationNs);
                if (f >= 1 || vm.topology().nodes().size() != from.size()) {
                    stop();
                    canvas.setOverridePositions(null);
                    vm.applyLayout(kind, target);
                    layoutRunning.set(false);
                    canvas.fit();
                    updateStatus();
                    return;
                }
                double e = 1 - Math.pow(1 - f, 3);
                Map<String, Xy> now2 = new HashMap<>(target.size() * 2);
                target.forEach((id, p) -> {
                    Xy a = from.get(id);
                    now2.put(id, new Xy(a.x() + (p.x() - a.x()) * e, a.y() + (p.y() - a.y()) * e));
                });
                canvas.setOverridePositions(now2);
            }
        };
        animation.start();
    }

    // ---- find and problems ------------------------------------------------------------------

    public void find(String text) {
        List<String> ids = vm.find(text);
        if (ids.isEmpty()) { status.setText(Msg.fmt("find.none", text)); return; }
        vm.select(Selection.ofNodes(ids));
        canvas.centreOn(vm.position(ids.get(0)));
        status.setText(Msg.fmt("find.found", ids.size(), text));
    }

    private void pickProblem(Problem p) {
        vm.selectProblem(p);
        Selection s = vm.selection();
        String first = !s.nodes().isEmpty() ? s.nodes().iterator().next() : null;
        if (first == null && !s.links().isEmpty()) {
            String l = s.links().iterator().next();
            first = vm.topology().links().stream().filter(x -> x.id().equals(l)).findFirst().map(io.olimpus.model.topology.Link::a).orElse(null);
        }
        if (first != null) canvas.centreOn(vm.position(first));
    }

    // ---- files ------------------------------------------------------------------------------

    private Window window() { return getScene() == null ? null : getScene().getWindow(); }

    private FileChooser chooser(String titleKey, String desc, String... globs) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Msg.get(titleKey));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(desc, globs));
        Path current = vm.fileProperty().get();
        if (current != null && current.getParent() != null) fc.setInitialDirectory(current.getParent().toFile());
        return fc;
    }

    private void newDesign() {
        if (!confirmDiscard()) return;
        vm.newDesign();
        canvas.setView(1, 0, 0);
    }

    private void open() {
        if (!confirmDiscard()) return;
        var f = chooser("menu.open", Msg.get("file.topologies"), "*.json").showOpenDialog(window());
        if (f != null) openFile(f.toPath());
    }

    /** Opens a topology file (menus, recent files, the command line and tests come here). */
    public boolean openFile(Path path) {
        try {
            vm.open(path);
            settings.addRecent(path);
            refreshRecent();
            Platform.runLater(canvas::fit);
            return true;
        } catch (IOException | RuntimeException e) {
            error(Msg.fmt("error.open", path.getFileName()), e.getMessage());
            return false;
        }
    }

    private void save() {
        if (vm.fileProperty().get() == null) saveAs();
        else saveFile(vm.fileProperty().get());
    }

    private void saveAs() {
        FileChooser fc = chooser("menu.saveAs", Msg.get("file.topologies"), "*.json");
        fc.setInitialFileName(vm.topology().name() + ".json");
        var f = fc.showSaveDialog(window());
        if (f != null) saveFile(f.toPath());
    }

    public boolean saveFile(Path path) {
        try {
            vm.save(path);
            settings.addRecent(path);
            refreshRecent();
            return true;
        } catch (IOException | RuntimeException e) {
            error(Msg.fmt("error.save", path.getFileName()), e.getMessage());
            return false;
        }
    }

    private void importLab() {
        if (!confirmDiscard()) return;
        FileChooser fc = chooser("menu.import", Msg.get("file.labs"), "*.json", "*.clab.yml", "*.clab.yaml", "*.gns3", "*.yml", "*.yaml");
        for (LabFormat f : LabFormat.values())
            if (f.readable() && f != LabFormat.COURSE) fc.getExtensionFilters().add(formatFilter(f));
        var f = fc.showOpenDialog(window());
        if (f != null) importFile(f.toPath());
    }

    private static FileChooser.ExtensionFilter formatFilter(LabFormat f) {
        return new FileChooser.ExtensionFilter(f.label() + " (*" + f.extension() + ")", "*" + f.extension());
    }

    /** The image mapping imports and exports use: the user's file when there is one. */
    public void setMappingFile(Path file) { mappingFile = file; }

    /**
     * Imports a lab file of any format Olimpus reads as a new design, stored nowhere yet (not on
     * the server either), and shows what was mapped and what could not be carried. A course file
     * with problems lists them all and offers to import the valid part; a course file whose names
     * are not this server's asks once how they map (remembered per server). Returns false when the
     * file could not be read at all; true when it was imported or a question about it is open.
     */
    public boolean importFile(Path path) {
        String name = path.getFileName().toString();
        LabImport imp;
        try {
            imp = LabFiles.read(name, Files.readAllBytes(path), MappingFile.load(mappingFile));
        } catch (LabFileProblems p) {
            ImportDialogs.problems(window(), name, p.problems(), () -> mapThenImport(name, p.validPart()));
            return true;
        } catch (IOException | RuntimeException e) {
            error(Msg.fmt("error.import", name), e.getMessage());
            return false;
        }
        mapThenImport(name, imp);
        return true;
    }

    /** A course file's names meet this server's catalog (asked once per server), then the design opens. */
    private void mapThenImport(String name, LabImport imp) {
        if (imp.format() != LabFormat.COURSE) {
            finishImport(name, imp, List.of());
            return;
        }
        LocalCatalog catalog = vm.catalog();
        String server = catalog.server();
        CatalogMapping.Questions q = CatalogMapping.questions(imp, catalog,
                (kind, fileName) -> settings.importChoice(server, kind.name(), fileName));
        if (q.isEmpty() && q.slice() == null) {
            finishImport(name, imp, List.of());
            return;
        }
        java.util.function.Consumer<CatalogMapping.Answers> apply = a -> {
            a.zones().forEach((file, zone) -> settings.rememberImportChoice(server, CatalogMapping.Kind.ZONE.name(), file, zone));
            a.images().forEach((file, image) -> settings.rememberImportChoice(server, CatalogMapping.Kind.IMAGE.name(), file, image));
            a.flavors().forEach((size, flavor) -> settings.rememberImportChoice(server, CatalogMapping.Kind.FLAVOR.name(), CatalogMapping.sizeKey(size), flavor));
            TopologyDocument doc = new TopologyDocument(CatalogMapping.apply(imp.document().topology(), a), imp.document().presentation());
            finishImport(name, new LabImport(doc, imp.format(), imp.report()), ImportDialogs.reportLines(q, a));
        };
        if (q.allRemembered()) apply.accept(q.guesses());  // asked once: the user's choices on this server stand
        else ImportDialogs.mapping(window(), name, server, q, catalog.flavorNames(), apply);
    }

    private void finishImport(String name, LabImport imp, List<String> mapped) {
        vm.importDocument(imp.document());
        Platform.runLater(canvas::fit);
        status.setText(Msg.fmt("status.imported", name, imp.format().label()));
        List<String> lines = new java.util.ArrayList<>(mapped);
        lines.addAll(imp.reportLines());
        if (imp.format() != LabFormat.OLIMPUS || !lines.isEmpty())
            report("import-report", Msg.fmt("report.imported", name, imp.format().label(), summary()), lines);
    }

    private void exportLab() {
        FileChooser fc = chooser("menu.export", Msg.get("file.labs"), "*.x");
        fc.getExtensionFilters().clear();
        for (LabFormat f : LabFormat.values()) if (f.writable()) fc.getExtensionFilters().add(formatFilter(f));
        fc.setInitialFileName(vm.topology().name());
        var f = fc.showSaveDialog(window());
        if (f == null) return;
        String chosen = fc.getSelectedExtensionFilter() == null ? null : fc.getSelectedExtensionFilter().getExtensions().get(0).substring(1);
        LabFormat format = formatOf(f.getName());
        if (format == null) format = java.util.Arrays.stream(LabFormat.values()).filter(x -> x.writable() && x.extension().equals(chosen))
                .findFirst().orElse(LabFormat.CONTAINERLAB);
        exportFile(f.toPath(), format);
    }

    /** The writable format a file name's ending names (the longest ending wins: .clab.yml before .yml), or null. */
    static LabFormat formatOf(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return java.util.Arrays.stream(LabFormat.values()).filter(LabFormat::writable).filter(x -> lower.endsWith(x.extension()))
                .max(java.util.Comparator.comparingInt(x -> x.extension().length())).orElse(null);
    }

    /**
     * Writes the design as a lab file in {@code format}; the file gets the format's ending when it
     * lacks it. Shows what the format could not hold. Returns the file written, or null.
     */
    public Path exportFile(Path path, LabFormat format) {
        String name = path.getFileName().toString();
        Path target = formatOf(name) == format ? path : path.resolveSibling(name + format.extension());
        try {
            LabExport out = vm.exportLab(format, MappingFile.load(mappingFile));
            Files.writeString(target, out.text(), StandardCharsets.UTF_8);
            status.setText(Msg.fmt("status.exported", target.getFileName(), format.label()));
            report("export-report", Msg.fmt("report.exported", target.getFileName(), format.label(), summary()), out.reportLines());
            return target;
        } catch (IOException | RuntimeException e) {
            error(Msg.fmt("error.exportLab", target.getFileName()), e.getMessage());
            return null;
        }
    }

    private String summary() {
        Topology t = vm.topology();
        return Msg.fmt("report.summary", t.vms().size(), t.switches().size(), t.links().size());
    }

    /** What an import or export mapped and could not carry, one element a line (not modal: the design shows behind). */
    private void report(String id, String header, List<String> lines) {
        javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(lines.isEmpty() ? Msg.get("report.nothingLost") : String.join("\n", lines));
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(Math.min(14, Math.max(3, lines.size() + 1)));
        text.setPrefColumnCount(60);
        text.setId("report-lines");
        Alert a = new Alert(lines.isEmpty() ? Alert.AlertType.INFORMATION : Alert.AlertType.WARNING);
        a.setTitle(Msg.get("report.title"));
        a.setHeaderText(header);
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId(id);
        a.getDialogPane().setPrefWidth(680);
        a.setResizable(true);
        a.initModality(javafx.stage.Modality.NONE);
        if (window() != null) a.initOwner(window());
        a.show();
    }

    private void chooseAndExport(String kind) {
        FileChooser fc = chooser(kind.equals("png") ? "menu.exportPng" : "menu.exportSvg", kind.toUpperCase(), "*." + kind);
        fc.setInitialFileName(vm.topology().name() + "." + kind);
        var f = fc.showSaveDialog(window());
        if (f == null) return;
        try {
            if (kind.equals("png")) exportPng(f.toPath());
            else exportSvg(f.toPath());
        } catch (IOException e) {
            error(Msg.get("error.export"), e.getMessage());
        }
    }

    /** The whole drawing, fitted, as a PNG the size of the canvas. */
    public void exportPng(Path path) throws IOException {
        double s = canvas.scale(), x = canvas.translateXView(), y = canvas.translateYView();
        canvas.fit();
        WritableImage img = canvas.canvas().snapshot(new SnapshotParameters(), null);
        canvas.setView(s, x, y);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", path.toFile());
    }

    public void exportSvg(Path path) throws IOException {
        Files.writeString(path, SvgExport.toSvg(vm.document()), StandardCharsets.UTF_8);
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (Path p : settings.recent()) {
            MenuItem m = new MenuItem(p.toString());
            m.setOnAction(e -> { if (confirmDiscard()) openFile(p); });
            recentMenu.getItems().add(m);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Asks before unsaved changes are lost; true when it is fine to go on. */
    public boolean confirmDiscard() {
        if (!vm.isDirty()) return true;
        ButtonType saveBt = new ButtonType(Msg.get("ask.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(Msg.get("ask.discard"), ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("ask.unsaved", vm.topology().name()), saveBt, discard, ButtonType.CANCEL);
        a.setHeaderText(null);
        a.initOwner(window());
        var r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) return false;
        if (r.get() == saveBt) { save(); return !vm.isDirty(); }
        return true;
    }

    private void error(String header, String detail) {
        Alert a = new Alert(Alert.AlertType.ERROR, detail);
        a.setHeaderText(header);
        if (window() != null) a.initOwner(window());
        a.show();
    }

    // ---- status -----------------------------------------------------------------------------

    private void updateStatus() {
        if (layoutRunning.get()) return;
        Topology t = vm.topology();
        var r = vm.report();
        status.setText(Msg.fmt("status.line", t.vms().size(), t.switches().size(), t.links().size(),
                vm.selection().nodes().size(), Math.round(canvas.scale() * 100),
                r == null ? 0 : r.errors().size(), r == null ? 0 : r.warnings().size()));
    }

    /** "• lab1 — file.json — Olimpus" */
    public String title() {
        Path f = vm.fileProperty().get();
        return (vm.isDirty() ? "• " : "") + vm.topology().name() + (f == null ? "" : " — " + f.getFileName()) + " — Olimpus";
    }
}
