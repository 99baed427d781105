package io.olimpus.desktop.admin;

import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One worker's CPU, memory and disk use over time (GET /workers/{zone}/{worker}/samples), as three
 * line charts in percent over a chosen window (1, 6 or 24 hours), refreshed every 30 seconds
 * while shown. Times are local clock times.
 */
final class WorkerCharts extends VBox {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final Calls calls;
    private final Label title = new Label();
    private final ChoiceBox<Integer> hours = new ChoiceBox<>(FXCollections.observableArrayList(1, 6, 24));
    final LineChart<Number, Number> cpu, mem, disk;
    private final Timeline timer;
    private String zone, worker;

    WorkerCharts(Calls calls) {
        this.calls = calls;
        setId("worker-charts");
        title.setId("worker-charts-title");
        title.setStyle("-fx-font-weight: bold");
        hours.setId("worker-charts-hours");
        hours.setValue(1);
        hours.setConverter(new StringConverter<>() {
            @Override public String toString(Integer h) { return h == null ? "" : Msg.fmt("admin.charts.lastHours", h); }
            @Override public Integer fromString(String s) { return null; }
        });
        hours.valueProperty().addListener((o, a, b) -> reload());
        cpu = chart("chart-cpu");
        mem = chart("chart-mem");
        disk = chart("chart-disk");
        getChildren().addAll(Tables.bar(title, hours), cpu, mem, disk);
        for (LineChart<Number, Number> c : List.of(cpu, mem, disk)) VBox.setVgrow(c, Priority.ALWAYS);
        // Refreshes only while the charts are in a window on screen; a closed or replaced pane stops it.
        timer = new Timeline(new KeyFrame(Duration.seconds(30), e -> {
            if (getScene() != null && getScene().getWindow() != null && getScene().getWindow().isShowing()) reload();
            else dispose();
        }));
        timer.setCycleCount(Timeline.INDEFINITE);
        show(null, null);
    }

    private static LineChart<Number, Number> chart(String id) {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        NumberAxis y = new NumberAxis(0, 100, 25);
        y.setLabel("%");
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.getStyleClass().add("admin-chart");
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setMinHeight(120);
        c.setPrefHeight(160);
        return c;
    }

    /** Shows this worker (null: nothing selected) and keeps it fresh. */
    void show(String zone, String worker) {
        this.zone = zone;
        this.worker = worker;
        if (worker == null) {
            timer.stop();
            title.setText(Msg.get("admin.charts.none"));
            for (LineChart<Number, Number> c : List.of(cpu, mem, disk)) c.getData().clear();
            cpu.setTitle(Msg.get("admin.charts.cpu"));
            mem.setTitle(Msg.get("admin.charts.mem"));
            disk.setTitle(Msg.get("admin.charts.disk"));
            return;
        }
        reload();
        timer.play();
    }

    void reload() {
        String z = zone, w = worker;
        if (w == null) return;
        long now = System.currentTimeMillis();
        long since = now - hours.getValue() * 3_600_000L;
        calls.run(() -> calls.client.workerSamples(z, w, since, 10_000), s -> {
            if (w.equals(worker) && z.equals(zone)) plot(s, since, now);
        });
    }

    private void plot(Wire.WorkerSamples s, long since, long now) {
        title.setText(Msg.fmt(s.up() ? "admin.charts.titleUp" : "admin.charts.titleDown", s.worker(), s.items().size()));
        List<Wire.Sample> items = s.items();
        fill(cpu, items, Wire.Sample::cpuPercent, since, now);
        fill(mem, items, Wire.Sample::memPercent, since, now);
        fill(disk, items, Wire.Sample::diskPercent, since, now);
        if (items.isEmpty()) {
            cpu.setTitle(Msg.get("admin.charts.cpu") + " — " + Msg.get("admin.charts.noSamples"));
            mem.setTitle(Msg.get("admin.charts.mem"));
            disk.setTitle(Msg.get("admin.charts.disk"));
            return;
        }
        Wire.Sample last = items.get(items.size() - 1);
        cpu.setTitle(Msg.fmt("admin.charts.cpuNow", String.format(Msg.locale(), "%.0f", last.cpuPercent())));
        mem.setTitle(Msg.fmt("admin.charts.memNow", gb(last.memUsedMb()), gb(last.memTotalMb())));
        disk.setTitle(Msg.fmt("admin.charts.diskNow", gb(last.diskUsedMb()), gb(last.diskTotalMb())));
    }

    private static String gb(long mb) {
        return String.format(Msg.locale(), "%.1f", mb / 1024.0);
    }

    private static void fill(LineChart<Number, Number> chart, List<Wire.Sample> items, ToDoubleFunction<Wire.Sample> value,
                             long since, long now) {
        // Zoom to the samples when they cover only part of the window, so a fresh worker is not a dot at the edge.
        long from = items.isEmpty() ? since : Math.max(since, items.get(0).at());
        long to = items.isEmpty() ? now : Math.max(items.get(items.size() - 1).at(), from + 60_000);
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.setLowerBound(from / 1000.0);
        x.setUpperBound(to / 1000.0);
        x.setTickUnit(Math.max(1, (to - from) / 1000.0 / 6));
        boolean seconds = to - from < 10 * 60_000;
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override public String toString(Number n) {
                return (seconds ? HHMMSS : HHMM).format(Instant.ofEpochMilli((long) (n.doubleValue() * 1000)));
            }
            @Override public Number fromString(String s) { return 0; }
        });
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        for (Wire.Sample s : items) series.getData().add(new XYChart.Data<>(s.at() / 1000.0, value.applyAsDouble(s)));
        chart.getData().setAll(List.of(series));
    }

    void dispose() {
        timer.stop();
    }
}
