package io.olimpus.desktop.admin;

import io.olimpus.client.ImageUpload;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Images: the catalog's disks and kernels. Upload a file under a name with a progress bar and a
 * Cancel button (a cancelled upload leaves nothing on the server), delete one no slice uses.
 */
final class ImagesTab extends BorderPane {
    private final Calls calls;
    private final BiFunction<String, List<FileChooser.ExtensionFilter>, File> pick;
    final TableView<Wire.Image> table = new TableView<>();
    private final TextField name = new TextField();
    final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Button upload;
    private final Button cancel;
    private ImageUpload current;

    ImagesTab(Calls calls, BiFunction<String, List<FileChooser.ExtensionFilter>, File> pick) {
        this.calls = calls;
        this.pick = pick;
        table.setId("images-table");
        table.getColumns().addAll(List.of(
                Tables.column("admin.image.name", Wire.Image::name),
                Tables.column("admin.image.kind", Wire.Image::kind),
                Tables.column("admin.image.format", Wire.Image::diskFormat),
                Tables.column("admin.image.ready", i -> Tables.yesNo(i.ready())),
                Tables.column("admin.image.size", i -> Tables.bytes(i.sizeBytes())),
                Tables.column("admin.created", i -> Tables.when(i.createdAt()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        name.setId("image-name");
        name.setPromptText(Msg.get("admin.image.namePrompt"));
        progress.setId("image-progress");
        progress.setPrefWidth(220);
        progress.setVisible(false);
        progressText.setId("image-progress-text");
        upload = Tables.button("image-upload", "admin.image.upload", this::upload);
        cancel = Tables.button("image-cancel", "admin.cancel", this::cancel);
        cancel.setDisable(true);
        setTop(Tables.bar(name, upload, progress, progressText, cancel,
                Tables.button("image-delete", "admin.delete", this::delete),
                Tables.button("images-refresh", "admin.refresh", this::refresh)));
        setCenter(table);
    }

    void refresh() {
        calls.run(calls.client::images, table.getItems()::setAll);
    }

    private void upload() {
        File f = pick.apply(Msg.get("admin.image.pick"), List.of(
                new FileChooser.ExtensionFilter(Msg.get("admin.image.files"), "*.qcow2", "*.img", "*.raw", "vmlinuz*", "initrd*", "*"),
                new FileChooser.ExtensionFilter(Msg.get("admin.image.all"), "*")));
        if (f == null) return;
        String n = name.getText().trim().isEmpty() ? suggestedName(f.getName()) : name.getText().trim();
        name.setText(n);
        progress.setProgress(0);
        progress.setVisible(true);
        upload.setDisable(true);
        cancel.setDisable(false);
        progressText.setText(Msg.fmt("admin.image.uploading", n));
        // Progress arrives per 64 KiB chunk; only one update at a time is queued for the FX thread.
        AtomicBoolean queued = new AtomicBoolean();
        long[] latest = new long[2];
        ImageUpload up;
        try {
            up = calls.client.uploadImage(n, f.toPath(), (sent, total) -> {
                synchronized (latest) {
                    latest[0] = sent;
                    latest[1] = total;
                }
                if (queued.compareAndSet(false, true)) Platform.runLater(() -> {
                    queued.set(false);
                    long s, t;
                    synchronized (latest) {
                        s = latest[0];
                        t = latest[1];
                    }
                    if (current == null) return;
                    progress.setProgress(t == 0 ? 1 : (double) s / t);
                    progressText.setText(Msg.fmt("admin.image.progress", n, Tables.bytes(s), Tables.bytes(t)));
                });
            });
        } catch (RuntimeException e) {
            finished();
            calls.fail(e);
            return;
        }
        current = up;
        up.result().whenComplete((img, e) -> Platform.runLater(() -> {
            finished();
            if (e != null) {
                calls.fail(e);
                progress.setVisible(false);
                progressText.setText("");
            } else {
                name.clear();
                progress.setProgress(1);
                progress.setVisible(false);
                progressText.setText("");
                calls.say(Msg.fmt("admin.image.uploaded", img.name(), Tables.bytes(img.sizeBytes())));
            }
            refresh();
        }));
    }

    private void finished() {
        current = null;
        upload.setDisable(false);
        cancel.setDisable(true);
    }

    private void cancel() {
        ImageUpload up = current;
        if (up != null) up.cancel();
    }

    /** "debian-12.qcow2" -> "debian-12": a valid image name from a file name. */
    static String suggestedName(String file) {
        String base = file.replaceFirst("\\.(qcow2|img|raw|iso)$", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        base = base.replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (base.isEmpty()) base = "image";
        return base.length() > 31 ? base.substring(0, 31) : base;
    }

    private void delete() {
        Wire.Image i = table.getSelectionModel().getSelectedItem();
        if (i == null) return;
        calls.act(() -> calls.client.deleteImage(i.name()), () -> {
            calls.say(Msg.fmt("admin.deleted", i.name()));
            refresh();
        });
    }
}
