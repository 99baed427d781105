package io.olimpus.desktop.course;

import io.olimpus.client.ClientException;
import io.olimpus.client.LabWire;
import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.admin.AdminPane;
import io.olimpus.desktop.admin.Calls;
import io.olimpus.desktop.session.StudentSliceWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.wire.Wire;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * An instructor's Course window: their courses on the left; for the chosen one, the roster (import
 * a CSV showing every bad row, enrol, remove, take the one-time credentials sheet once) and the
 * labs (window, options, capacity forecast, open/close/retry/reset and the live board).
 */
public final class CoursePane extends BorderPane {
    static final AdminPane.FilePicker SAVER = (owner, title, filters) -> {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(filters);
        return fc.showSaveDialog(owner);
    };
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Calls calls;
    private final OlimpusClient client;
    private final Label status = new Label();
    private final ListView<Wire.Course> courses = new ListView<>();
    private final ListView<Wire.Student> students = new ListView<>();
    private final TextArea problems = new TextArea();
    private final TextField enrolName = new TextField();
    private final Label courseInfo = new Label();
    private final ListView<LabWire.Lab> labs = new ListView<>();
    private final Label forecast = new Label();
    private final LiveBoard board = new LiveBoard();
    private AdminPane.FilePicker opener = AdminPane.CHOOSER;
    private AdminPane.FilePicker saver = SAVER;
    private AutoCloseable following;
    private boolean refreshing;

    public CoursePane(OlimpusClient client) {
        this.client = client;
        calls = new Calls(client, status);
        status.setId("course-status");
        status.setWrapText(true);
        status.setPadding(new Insets(4, 8, 4, 8));

        courses.setId("course-list");
        courses.setCellFactory(l -> cell(c -> Msg.fmt("course.listItem", c.name(), c.students(), c.zone())));
        courses.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> choose(b));
        TextField name = new TextField();
        name.setId("course-new-name");
        name.setPromptText(Msg.get("course.new.name"));
        TextField zone = new TextField();
        zone.setId("course-new-zone");
        zone.setPromptText(Msg.get("course.new.zone"));
        Button create = button("course-create", "course.new.create", () -> calls.run(
                () -> client.createCourse(new Wire.NewCourse(name.getText().strip(), zone.getText().strip(), null, null, null, null)), c -> {
                    name.clear();
                    reload(c.id());
                    calls.say(Msg.fmt("course.created", c.name()));
                }));
        Button delete = button("course-delete", "course.delete", () -> {
            Wire.Course c = course();
            if (c != null) calls.act(() -> client.deleteCourse(c.id()), () -> { reload(-1); calls.say(Msg.fmt("course.deleted", c.name())); });
        });
        VBox left = new VBox(6, new Label(Msg.get("course.courses")), courses, name, zone, new HBox(6, create, delete));
        VBox.setVgrow(courses, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        left.setMinWidth(240);

        TabPane tabs = new TabPane(new Tab(Msg.get("course.tab.roster"), rosterView(client)), new Tab(Msg.get("course.tab.labs"), labsView(client)));
        tabs.setId("course-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox right = new VBox(6, courseInfo, tabs);
        courseInfo.setId("course-info");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        right.setPadding(new Insets(8));
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.25);
        setCenter(split);
        setBottom(status);
        getStylesheets().add(CoursePane.class.getResource("/io/olimpus/desktop/admin.css").toExternalForm());
        getStylesheets().add(CoursePane.class.getResource("/io/olimpus/desktop/course.css").toExternalForm());
        reload(-1);
    }

    /** Calls in flight; tests wait for none. */
    public javafx.beans.property.ReadOnlyIntegerProperty runningProperty() { return calls.runningProperty(); }

    public void setFilePickers(AdminPane.FilePicker open, AdminPane.FilePicker save) {
        this.opener = open;
        this.saver = save;
    }

    public LiveBoard board() { return board; }

    /** Reads the courses and the chosen course's labs again (after a change made elsewhere). */
    public void refresh() {
        reload(-1);
        refreshLabs();
    }

    /** Stops following the board (the window closed). */
    public void dispose() { follow(null); }

    private VBox rosterView(OlimpusClient client) {
        students.setId("course-students");
        students.setCellFactory(l -> cell(s -> s.username() + (s.email() == null ? "" : "  <" + s.email() + ">") + (s.disabled() ? "  " + Msg.get("course.disabled") : "")));
        problems.setId("course-problems");
        problems.setEditable(false);
        problems.setWrapText(true);
        problems.setPrefRowCount(5);
        problems.setVisible(false);
        problems.setManaged(false);
        Button imp = button("course-import", "course.import", () -> {
            Wire.Course c = course();
            if (c == null) { calls.warn(Msg.get("course.pickFirst")); return; }
            File f = opener.pick(getScene().getWindow(), Msg.get("course.import.title"),
                    List.of(new FileChooser.ExtensionFilter("CSV", "*.csv")));
            if (f == null) return;
            String csv;
            try {
                csv = Files.readString(f.toPath(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                calls.warn(Msg.fmt("course.import.unreadable", f, e.getMessage()));
                return;
            }
            showProblems(List.of());
            calls.run(() -> {
                try {
                    return client.importRoster(c.id(), csv);
                } catch (ClientException e) {
                    Platform.runLater(() -> showProblems(e.fieldErrors()));
                    throw e;
                }
            }, r -> {
                calls.say(Msg.fmt("course.imported", r.created().size(), r.enrolled().size(),
                        r.created().stream().filter(Wire.HandedOut::mailed).count()));
                reload(c.id());
            });
        });
        enrolName.setId("course-enrol-name");
        enrolName.setPromptText(Msg.get("course.enrol.prompt"));
        Button enrol = button("course-enrol", "course.enrol", () -> {
            Wire.Course c = course();
            String who = enrolName.getText().strip();
            if (c == null || who.isEmpty()) { calls.warn(Msg.get("course.enrol.empty")); return; }
            calls.run(() -> client.enrol(c.id(), List.of(who.split("[,\\s]+"))), r -> { enrolName.clear(); reload(c.id()); calls.say(Msg.fmt("course.enrolled", who)); });
        });
        Button remove = button("course-remove", "course.remove", () -> {
            Wire.Course c = course();
            Wire.Student s = students.getSelectionModel().getSelectedItem();
            if (c == null || s == null) { calls.warn(Msg.get("course.remove.pick")); return; }
            calls.act(() -> client.removeStudent(c.id(), s.username()), () -> { reload(c.id()); calls.say(Msg.fmt("course.removed", s.username())); });
        });
        Button sheet = button("course-sheet", "course.sheet", () -> {
            Wire.Course c = course();
            if (c == null) { calls.warn(Msg.get("course.pickFirst")); return; }
            // Where to keep it is asked first: the server hands the sheet out only once.
            File f = saver.pick(getScene().getWindow(), Msg.get("course.sheet.title"), List.of(new FileChooser.ExtensionFilter("CSV", "*.csv")));
            if (f == null) return;
            calls.run(() -> {
                String csv = client.takeCredentials(c.id());
                try {
                    Files.writeString(f.toPath(), csv, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CompletionException(new IOException(Msg.fmt("course.sheet.unwritable", f, e.getMessage()) + "\n" + csv, e));
                }
                return csv.lines().count() - 1;
            }, n -> { calls.say(Msg.fmt("course.sheet.saved", n, f)); reload(c.id()); });
        });
        HBox bar = new HBox(6, imp, enrolName, enrol, remove, sheet);
        VBox v = new VBox(6, bar, problems, students);
        VBox.setVgrow(students, Priority.ALWAYS);
        v.setPadding(new Insets(6));
        return v;
    }

    /** Every bad row of a refused roster, one a line, so the whole CSV can be fixed at once. */
    private void showProblems(List<ClientException.FieldError> errors) {
        StringBuilder b = new StringBuilder();
        if (!errors.isEmpty()) b.append(Msg.fmt("course.import.refused", errors.size())).append('\n');
        for (ClientException.FieldError e : errors) b.append("• ").append(e.field()).append(": ").append(e.reason()).append('\n');
        problems.setText(b.toString().strip());
        problems.setVisible(!errors.isEmpty());
        problems.setManaged(!errors.isEmpty());
    }

    private VBox labsView(OlimpusClient client) {
        labs.setId("course-labs");
        labs.setPrefHeight(110);
        labs.setMinHeight(80);  // the board grows, the lab list must not shrink under the buttons
        labs.setCellFactory(l -> cell(CoursePane::describe));
        labs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (refreshing) return;  // the same lab read again: keep its board and stream
            forecast.setText("");
            board.show(null);
            follow(b);
        });
        forecast.setId("course-forecast");
        forecast.setWrapText(true);
        forecast.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Function<String, Button> labButton = key -> button("lab-" + key.substring(key.lastIndexOf('.') + 1), key, () -> {});
        Button fc = labButton.apply("course.lab.forecast");
        fc.setOnAction(e -> withLab(l -> calls.run(() -> client.forecast(l.id(), null), f -> {
            forecast.setText(f.message());
            forecast.getStyleClass().removeAll("forecast-no", "forecast-yes");
            forecast.getStyleClass().add(f.fits() ? "forecast-yes" : "forecast-no");
        })));
        Button assign = labButton.apply("course.lab.assign");
        assign.setOnAction(e -> withLab(l -> calls.run(() -> client.assign(l.id()), b -> { shown(b); calls.say(Msg.get("course.lab.assigning")); })));
        Button open = labButton.apply("course.lab.open");
        open.setOnAction(e -> withLab(l -> calls.run(() -> client.openLab(l.id()), this::shown)));
        Button close = labButton.apply("course.lab.close");
        close.setOnAction(e -> withLab(l -> calls.run(() -> client.closeLab(l.id()), this::shown)));
        Button retry = labButton.apply("course.lab.retry");
        retry.setOnAction(e -> withLab(l -> calls.run(() -> client.retryFailed(l.id()), this::shown)));
        Button reset = labButton.apply("course.lab.reset");
        reset.setOnAction(e -> withLab(l -> {
            LabWire.BoardRow r = board.selectedProperty().get();
            if (r == null) { calls.warn(Msg.get("course.lab.reset.pick")); return; }
            calls.run(() -> client.resetLab(l.id(), r.student()), b -> { shown(b); calls.say(Msg.fmt("course.lab.reset.done", r.student())); });
        }));
        Button resetAll = labButton.apply("course.lab.resetAll");
        resetAll.setOnAction(e -> withLab(l -> {
            if (confirm("lab-resetAll-confirm", Msg.fmt("course.lab.resetAll.title", l.name()), Msg.fmt("course.lab.resetAll.text", l.name()), Msg.get("course.lab.resetAll")))
                calls.run(() -> client.resetLab(l.id(), null), b -> { shown(b); calls.say(Msg.fmt("course.lab.resetAll.done", l.name())); });
        }));
        Button delete = labButton.apply("course.lab.delete");
        delete.setOnAction(e -> withLab(l -> {
            if (confirm("lab-delete-confirm", Msg.fmt("course.lab.delete.title", l.name()), Msg.fmt("course.lab.delete.text", l.name()), Msg.get("course.lab.delete")))
                calls.act(() -> client.deleteLab(l.id()), () -> {
                    follow(null);
                    board.show(null);
                    refreshLabs();
                    calls.say(Msg.fmt("course.lab.deleted", l.name()));
                });
        }));
        Button view = labButton.apply("course.lab.view");
        view.setOnAction(e -> withLab(l -> {
            LabWire.BoardRow r = board.selectedProperty().get();
            if (r == null) { calls.warn(Msg.get("course.lab.view.pick")); return; }
            if (r.sliceId() == null) { calls.warn(Msg.fmt("course.lab.view.noCopy", r.student())); return; }
            calls.run(() -> StudentSliceWindow.read(client, r.sliceId()), c -> StudentSliceWindow.show(c, r.student(), getScene().getWindow(), client));
        }));
        Button watch = labButton.apply("course.lab.watch");
        watch.setOnAction(e -> withLab(l -> watchSelected(false)));
        Button watchTerminal = labButton.apply("course.lab.watchTerminal");
        watchTerminal.setOnAction(e -> withLab(l -> watchSelected(true)));
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 6, fc, assign, open, close, retry, reset, resetAll, view, watch, watchTerminal, delete);
        VBox v = new VBox(6, labs, buttons, forecast, board);
        VBox.setVgrow(board, Priority.ALWAYS);
        v.setPadding(new Insets(6));
        return v;
    }

    /**
     * Opens the selected student's VM's console ({@code serial}: terminal) read-only: the one VM
     * of their copy that runs, or the one picked from those that do.
     */
    private void watchSelected(boolean serial) {
        LabWire.BoardRow r = board.selectedProperty().get();
        if (r == null) { calls.warn(Msg.get("course.lab.view.pick")); return; }
        if (r.sliceId() == null) { calls.warn(Msg.fmt("course.lab.view.noCopy", r.student())); return; }
        calls.run(() -> StudentSliceWindow.runningVms(client, client.slice(r.sliceId())), running -> {
            List<String> names = running.stream().filter(v -> !serial || v.serial() != null).map(io.olimpus.wire.Wire.VmView::name).toList();
            if (names.isEmpty()) { calls.warn(Msg.fmt("course.lab.watch.none", r.student())); return; }
            String vm = names.get(0);
            if (names.size() > 1) {
                javafx.scene.control.ChoiceDialog<String> pick = new javafx.scene.control.ChoiceDialog<>(vm, names);
                pick.setHeaderText(Msg.fmt("course.lab.watch.pick", r.student()));
                pick.getDialogPane().setId("watch-pick");
                if (getScene() != null) pick.initOwner(getScene().getWindow());
                vm = pick.showAndWait().orElse(null);
                if (vm == null) return;
            }
            StudentSliceWindow.watch(getScene() == null ? null : getScene().getWindow(), client, r.sliceId(), r.student(), vm, serial);
        });
    }

    /**
     * Asks before a step that cannot be undone: {@code text} says what happens; the button that
     * goes ahead is named for the step, and Cancel is the default.
     */
    private boolean confirm(String id, String title, String text, String goAhead) {
        javafx.scene.control.ButtonType yes = new javafx.scene.control.ButtonType(goAhead, javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION, text, yes, javafx.scene.control.ButtonType.CANCEL);
        a.setHeaderText(title);
        a.getDialogPane().setId(id);
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        ((Button) a.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(javafx.scene.control.ButtonType.CANCEL)).setDefaultButton(true);
        if (getScene() != null) a.initOwner(getScene().getWindow());
        return a.showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL) == yes;
    }

    private void shown(LabWire.Board b) {
        board.show(b);
        refreshLabs();
    }

    private void withLab(java.util.function.Consumer<LabWire.Lab> action) {
        LabWire.Lab l = labs.getSelectionModel().getSelectedItem();
        if (l == null) calls.warn(Msg.get("course.lab.pick"));
        else action.accept(l);
    }

    static String describe(LabWire.Lab l) {
        String window = l.opensAt() == null && l.closesAt() == null ? Msg.get("course.lab.byHand")
                : Msg.fmt("course.lab.window", l.opensAt() == null ? Msg.get("course.lab.byHand") : WHEN.format(Instant.ofEpochMilli(l.opensAt())),
                l.closesAt() == null ? Msg.get("course.lab.byHand") : WHEN.format(Instant.ofEpochMilli(l.closesAt())));
        StringBuilder opts = new StringBuilder();
        if (l.deployAtOpen()) opts.append(Msg.get("course.lab.opt.deployAtOpen")).append(", ");
        if (l.undeployAtClose()) opts.append(Msg.get("course.lab.opt.undeployAtClose")).append(", ");
        if (l.idleMinutes() != null) opts.append(Msg.fmt("course.lab.opt.idle", l.idleMinutes())).append(", ");
        opts.append(Msg.get(l.studentsMayEdit() ? "course.lab.opt.mayEdit" : "course.lab.opt.noEdit"));
        return Msg.fmt("course.lab.item", l.name(), (Msg.has("course.labState." + l.state()) ? Msg.get("course.labState." + l.state()) : l.state()), window, opts);
    }

    /** Follows the lab's board live; null stops following. */
    private void follow(LabWire.Lab l) {
        if (following != null) {
            try {
                following.close();
            } catch (Exception ignored) {
                // closing a stream that already ended
            }
            following = null;
        }
        if (l == null) return;
        following = client.followBoard(l.id(), b -> Platform.runLater(() -> {
            LabWire.Lab now = labs.getSelectionModel().getSelectedItem();
            if (now != null && now.id() == b.labId()) board.show(b);
        }), e -> Platform.runLater(() -> calls.fail(e)));
    }

    private Wire.Course course() { return courses.getSelectionModel().getSelectedItem(); }

    private void choose(Wire.Course c) {
        follow(null);
        board.show(null);
        forecast.setText("");
        showProblems(List.of());
        if (c == null) {
            courseInfo.setText(Msg.get("course.pickFirst"));
            students.getItems().clear();
            labs.getItems().clear();
            return;
        }
        courseInfo.setText(Msg.fmt("course.info", c.name(), c.owner(), c.zone(), c.quota().maxVms(), c.quota().maxVcpus(), c.quota().maxRamMb(),
                c.credentialsHandedOutAt() == null ? Msg.get("course.sheet.notYet") : Msg.fmt("course.sheet.takenAt", WHEN.format(Instant.ofEpochMilli(c.credentialsHandedOutAt())))));
        calls.run(() -> client.roster(c.id()), students.getItems()::setAll);
        refreshLabs();
    }

    private void refreshLabs() {
        Wire.Course c = course();
        if (c == null) return;
        LabWire.Lab sel = labs.getSelectionModel().getSelectedItem();
        calls.run(() -> client.labs(c.id()), ls -> {
            LabWire.Lab again = sel == null ? null : ls.stream().filter(x -> x.id() == sel.id()).findFirst().orElse(null);
            refreshing = again != null;
            try {
                labs.getItems().setAll(ls);
                if (again != null) labs.getSelectionModel().select(again);
            } finally {
                refreshing = false;
            }
            if (sel != null && again == null) follow(null);
        });
    }

    /** Reloads the courses, selecting {@code select} (an id) or keeping the selection. */
    private void reload(long select) {
        Wire.Course was = course();
        long want = select >= 0 ? select : was == null ? -1 : was.id();
        calls.run(client::courses, cs -> {
            courses.getItems().setAll(cs);
            cs.stream().filter(c -> c.id() == want).findFirst().ifPresentOrElse(c -> courses.getSelectionModel().select(c), () -> choose(null));
        });
    }

    private static Button button(String id, String key, Runnable action) {
        Button b = new Button(Msg.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static <T> ListCell<T> cell(Function<T, String> text) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }
}
