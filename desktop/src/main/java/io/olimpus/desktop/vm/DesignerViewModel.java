package io.olimpus.desktop.vm;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.layout.AutoLayout;
import io.olimpus.desktop.layout.GraphLayouts;
import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.ShapePlacement;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.Area;
import io.olimpus.model.file.ImageMapping;
import io.olimpus.model.file.LabExport;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.file.NodeLook;
import io.olimpus.model.file.Note;
import io.olimpus.model.file.Presentation;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.CatalogCheck;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.ValidationReport;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The state of one open design and every edit on it. The topology and presentation come from the
 * shared model and stay immutable; an edit builds the next document with the model's own
 * operations, records the previous one for undo and revalidates. The canvas and panels only
 * observe these properties and call these methods: they hold no rules of their own.
 */
public final class DesignerViewModel {
    public static final String DEFAULT_NAME = "slice1";
    public static final double GRID = 20;
    private static final double PASTE_OFFSET = 40;

    private final ObjectProperty<LocalCatalog> catalog = new SimpleObjectProperty<>(this, "catalog");
    /** Problems the server found (catalog, quota, capacity) in the design as it was sent; the next edit clears them. */
    private List<io.olimpus.model.validation.Problem> serverProblems = List.of();
    private final History<TopologyDocument> history = new History<>(500);
    private final ObjectProperty<TopologyDocument> document = new SimpleObjectProperty<>(this, "document");
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>(this, "selection", Selection.NONE);
    private final ObjectProperty<ValidationReport> report = new SimpleObjectProperty<>(this, "report");
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final javafx.beans.property.ReadOnlyIntegerWrapper replacements = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "replacements");
    private final BooleanProperty dirty = new SimpleBooleanProperty(this, "dirty");
    private final BooleanProperty canUndo = new SimpleBooleanProperty(this, "canUndo");
    private final BooleanProperty canRedo = new SimpleBooleanProperty(this, "canRedo");
    private final StringProperty undoLabel = new SimpleStringProperty(this, "undoLabel");
    private final StringProperty redoLabel = new SimpleStringProperty(this, "redoLabel");
    private final BooleanProperty snapToGrid = new SimpleBooleanProperty(this, "snapToGrid", false);
    private TopologyDocument saved;
    private TopologyDocument clipboard;

    public DesignerViewModel(LocalCatalog catalog) {
        this.catalog.set(catalog);
        replace(TopologyDocument.of(Topology.empty(DEFAULT_NAME)), null);
    }

    // ---- observable state -------------------------------------------------------------------

    public ReadOnlyObjectProperty<TopologyDocument> documentProperty() { return document; }
    public TopologyDocument document() { return document.get(); }
    public Topology topology() { return document.get().topology(); }
    public ObjectProperty<Selection> selectionProperty() { return selection; }
    public Selection selection() { return selection.get(); }
    public void select(Selection s) { selection.set(s == null ? Selection.NONE : s); }
    public ReadOnlyObjectProperty<ValidationReport> reportProperty() { return report; }
    public ValidationReport report() { return report.get(); }
    public ReadOnlyObjectProperty<Path> fileProperty() { return file; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty; }
    /**
     * Counts the times the whole design was replaced (new, open, import, a server slice opened):
     * whatever the design was stored as before is not where this one belongs.
     */
    public javafx.beans.property.ReadOnlyIntegerProperty replacementsProperty() { return replacements.getReadOnlyProperty(); }
    public boolean isDirty() { return dirty.get(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo; }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo; }
    public ReadOnlyStringProperty undoLabelProperty() { return undoLabel; }
    public ReadOnlyStringProperty redoLabelProperty() { return redoLabel; }
    public BooleanProperty snapToGridProperty() { return snapToGrid; }
    public LocalCatalog catalog() { return catalog.get(); }
    public ReadOnlyObjectProperty<LocalCatalog> catalogProperty() { return catalog; }

    /** Offers another catalog (the server's once logged in) and checks the design against it. */
    public void setCatalog(LocalCatalog c) {
        catalog.set(c);
        revalidate();
    }

    /** Marks what the server refused in the design as it stands; cleared by the next change. */
    public void setServerProblems(List<io.olimpus.model.validation.Problem> problems) {
        serverProblems = List.copyOf(problems);
        revalidate();
    }

    private void revalidate() {
        ValidationReport r = TopologyValidator.validate(topology(), List.of(new CatalogCheck(catalog.get())));
        // A new, untouched design is empty by nature, not by mistake: "the topology has no nodes" is
        // no problem to show behind the start screen. Emptied by the user, it is one again.
        if (topology().nodes().isEmpty() && document.get() == saved)
            r = new ValidationReport(r.problems().stream().filter(p -> p.code() != ProblemCode.EMPTY_TOPOLOGY).toList());
        report.set(r.plus(serverProblems));
    }

    /** Where a node is drawn (its centre); nodes always have a position once in the designer. */
    public Xy position(String nodeId) {
        NodeLook l = document.get().presentation().nodes().get(nodeId);
        return l == null ? new Xy(0, 0) : new Xy(l.x(), l.y());
    }

    public Xy snap(Xy p) {
        if (!snapToGrid.get()) return p;
        return new Xy(Math.round(p.x() / GRID) * GRID, Math.round(p.y() / GRID) * GRID);
    }

    // ---- editing ----------------------------------------------------------------------------

    /** Adds a VM or switch at a point with the next free name (vm3, sw2) and selects it. */
    public String addNode(NodeKind kind, Xy at) {
        if (readOnly) return null;
        Topology t = topology();
        String id = t.freshNodeId();
        Node node = kind == NodeKind.VM
                ? Node.vm(id, t.freshName("vm"), defaultVmSpec())
                : Node.switchNode(id, t.freshName("sw"));
        Xy p = snap(at);
        commit("add " + node.name(), new TopologyDocument(t.withNode(node),
                document.get().presentation().withNode(id, NodeLook.at(p.x(), p.y()))));
        select(Selection.ofNode(id));
        return id;
    }

    /** A new VM gets the catalog's first flavor and image, so a fresh drawing validates. */
    VmSpec defaultVmSpec() {
        LocalCatalog c = catalog.get();
        String flavor = c.flavorNames().isEmpty() ? null : c.flavorNames().get(0);
        String image = c.images().isEmpty() ? null : c.images().get(0);
        return VmSpec.of(flavor, image);
    }

    /** Links two nodes; refuses a node to itself or a second link between the same pair. */
    public Optional<String> connect(String a, String b) {
        Topology t = topology();
        if (a.equals(b) || t.node(a).isEmpty() || t.node(b).isEmpty()) return Optional.empty();
        String key = new Link("x", a, b).pairKey();
        for (Link l : t.links()) if (l.pairKey().equals(key)) return Optional.empty();
        String id = t.freshLinkId();
        commit("link " + t.requireNode(a).name() + "–" + t.requireNode(b).name(),
                new TopologyDocument(t.connect(a, b), document.get().presentation()));
        return Optional.of(id);
    }

    public void deleteSelection() {
        Selection s = selection();
        if (s.isEmpty() || readOnly) return;
        Topology t = topology().withoutNodes(s.nodes());
        for (String l : s.links()) t = t.withoutLink(l);
        commit("delete " + (s.nodes().size() + s.links().size()) + " item(s)",
                new TopologyDocument(t, document.get().presentation().withoutNodes(s.nodes())));
        select(Selection.NONE);
    }

    /** Renames a node; returns why the name is refused, or null when it was applied. */
    public String rename(String nodeId, String newName) {
        String why = Names.whyInvalid(newName);
        if (why != null) return why;
        Topology t = topology();
        Node n = t.requireNode(nodeId);
        if (newName.equals(n.name())) return null;
        Optional<Node> other = t.nodeNamed(newName);
        if (other.isPresent()) return "is already used by another node";
        commit("rename " + n.name() + " to " + newName,
                new TopologyDocument(t.updateNode(nodeId, x -> x.withName(newName)), document.get().presentation()));
        return null;
    }

    public void renameTopology(String newName) {
        if (newName == null || newName.equals(topology().name())) return;
        commit("rename slice", new TopologyDocument(topology().withName(newName), document.get().presentation()));
    }

    public void setTopologyZone(String zone) {
        String z = zone == null || zone.isBlank() ? null : zone;
        if (java.util.Objects.equals(z, topology().zone())) return;
        commit("set zone", new TopologyDocument(topology().withZone(z), document.get().presentation()));
    }

    /** Moves nodes to new centres in one undoable step (a drag, a layout, an alignment). */
    public void moveNodes(Map<String, Xy> to, String label) {
        if (to.isEmpty()) return;
        Presentation p = document.get().presentation();
        Map<String, NodeLook> looks = new LinkedHashMap<>(p.nodes());
        boolean changed = false;
        for (var e : to.entrySet()) {
            if (topology().node(e.getKey()).isEmpty()) continue;
            NodeLook old = looks.get(e.getKey());
            Xy xy = e.getValue();
            if (old != null && old.x() == xy.x() && old.y() == xy.y()) continue;
            looks.put(e.getKey(), old == null ? NodeLook.at(xy.x(), xy.y()) : old.movedTo(xy.x(), xy.y()));
            changed = true;
        }
        if (!changed) return;
        commit(label, new TopologyDocument(topology(), p.withNodes(looks)));
    }

    /** Moves the given nodes by a delta (snapping each when the grid is on). */
    public void moveBy(Collection<String> ids, double dx, double dy) {
        Map<String, Xy> to = new LinkedHashMap<>();
        for (String id : ids) to.put(id, snap(position(id).plus(dx, dy)));
        moveNodes(to, "move " + ids.size() + " node(s)");
    }

    /**
     * Sets one impairment (delay, jitter, loss, rate) on every given link in one undoable step: a
     * link's properties, or one set for all the links of a shape. Out-of-range values are kept
     * and reported by the validator on their links, like any other mistake of a design.
     */
    public void setLinkImpairment(Collection<String> linkIds, io.olimpus.model.topology.LinkImpairment impairment) {
        updateLinkImpairments(linkIds, old -> impairment);
    }

    /** Changes each given link's impairment by {@code change} (one property of several links keeps their others), in one step. */
    public void updateLinkImpairments(Collection<String> linkIds, UnaryOperator<io.olimpus.model.topology.LinkImpairment> change) {
        Topology next = topology();
        for (String id : linkIds) {
            Link l = next.links().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (l != null) next = next.withLinkImpairment(id, change.apply(l.impairment()));
        }
        if (next.equals(topology())) return;
        commit(linkIds.size() == 1 ? "set link " + linkIds.iterator().next() + " properties" : "set properties of " + linkIds.size() + " links",
                new TopologyDocument(next, document.get().presentation()));
    }

    /** Changes the VM spec of every selected VM (switches are skipped) in one step. */
    public void updateVms(Collection<String> ids, UnaryOperator<VmSpec> change, String label) {
        Topology t = topology();
        Topology next = t;
        for (String id : ids) {
            Node n = t.node(id).orElse(null);
            if (n == null || !n.isVm()) continue;
            VmSpec spec = change.apply(n.vm());
            if (!spec.equals(n.vm())) next = next.updateNode(id, x -> x.withVm(spec));
        }
        if (next != t) commit(label, new TopologyDocument(next, document.get().presentation()));
    }

    /** Inserts a generated shape centred at {@code centre}, linked to {@code attachTo} when given. */
    public ShapeGenerator.Added insertShape(Shape shape, String attachTo, Xy centre) {
        return insertShape(shape, attachTo, centre, io.olimpus.model.topology.LinkImpairment.NONE);
    }

    /** The same, with one set of link properties on all the shape's new links (the link to {@code attachTo} too), in the same step. */
    public ShapeGenerator.Added insertShape(Shape shape, String attachTo, Xy centre, io.olimpus.model.topology.LinkImpairment links) {
        Shape s = shape.vm().equals(VmSpec.EMPTY) ? shape.withVm(defaultVmSpec()) : shape;
        ShapeGenerator.Added added = ShapeGenerator.addTo(topology(), s, attachTo);
        if (links != null && links.impairs()) {
            Topology t = added.topology();
            for (String id : added.linkIds()) t = t.withLinkImpairment(id, links);
            added = new ShapeGenerator.Added(t, added.nodeIds(), added.linkIds(), added.anchorId());
        }
        Map<String, Xy> pos = ShapePlacement.place(s.kind(), added, centre);
        if (attachTo != null) pos = ShapePlacement.turnAnchorTowards(pos, added.anchorId(), centre, position(attachTo));
        Map<String, NodeLook> looks = new LinkedHashMap<>(document.get().presentation().nodes());
        pos.forEach((id, p) -> looks.put(id, NodeLook.at(p.x(), p.y())));
        commit("insert " + s.kind().name().toLowerCase() + " of " + added.nodeIds().size(),
                new TopologyDocument(added.topology(), document.get().presentation().withNodes(looks)));
        select(new Selection(new LinkedHashSet<>(added.nodeIds()), new LinkedHashSet<>(added.linkIds())));
        return added;
    }

    /** Where a shape goes: below-right of an attach node, or at the given point. */
    public Xy shapeCentre(Shape shape, String attachTo, Xy fallback) {
        long n = shape.vmCount();
        // A big shape is laid out in rows about as wide as tall (AutoLayout), not as a circle.
        double r = n > AutoLayout.SMALL ? Math.sqrt(n) * ShapePlacement.GAP * 0.7
                : Math.max(ShapePlacement.GAP, n * ShapePlacement.GAP / (2 * Math.PI));
        if (attachTo == null) return freeSpot(fallback, r);
        Xy a = position(attachTo);
        return switch (shape.kind()) {
            case TREE -> a.plus(0, ShapePlacement.GAP * 1.5);
            case LINEAR -> a.plus(0, ShapePlacement.GAP * 1.5 + (shape.count() - 1) * ShapePlacement.GAP / 2);
            default -> a.plus(r + ShapePlacement.GAP * 1.5, 0);
        };
    }

    /**
     * {@code preferred} when no node lies within {@code radius} of it (plus a margin); otherwise
     * a point right of the whole drawing, so a new shape never lands on top of existing nodes.
     */
    Xy freeSpot(Xy preferred, double radius) {
        double reach = radius + ShapePlacement.GAP * 1.5;
        double maxX = -Double.MAX_VALUE;
        boolean crowded = false;
        for (NodeLook l : document.get().presentation().nodes().values()) {
            maxX = Math.max(maxX, l.x());
            if (Math.abs(l.x() - preferred.x()) < reach && Math.abs(l.y() - preferred.y()) < reach * 1.5) crowded = true;
        }
        return crowded ? new Xy(maxX + reach, preferred.y()) : preferred;
    }

    /** Runs a layout on the current topology; pure, safe off the FX thread. */
    /** {@code root} (may be null): the node a tree layout hangs its part from (the selected one). */
    public static Map<String, Xy> computeLayout(Topology t, LayoutKind kind, String root) {
        return GraphLayouts.layout(t, kind, root);
    }

    public void applyLayout(LayoutKind kind, Map<String, Xy> positions) {
        moveNodes(positions, "layout " + kind.name().toLowerCase());
    }

    // ---- annotations: free notes and named areas (presentation only, undoable like any edit) ----

    /** Adds a note at a point; returns its index in the presentation's notes. */
    public int addNote(String text, Xy at) {
        List<Note> notes = new ArrayList<>(document.get().presentation().notes());
        notes.add(new Note(text, at.x(), at.y()));
        commit("add note", new TopologyDocument(topology(), document.get().presentation().withNotes(notes)));
        return notes.size() - 1;
    }

    public void moveNote(int index, Xy to) {
        Note n = note(index);
        if (n == null || (n.x() == to.x() && n.y() == to.y())) return;
        setNote(index, new Note(n.text(), to.x(), to.y()), "move note");
    }

    /** A blank text removes the note (a note with nothing to say is clutter). */
    public void editNote(int index, String text) {
        Note n = note(index);
        if (n == null || text == null || text.equals(n.text())) return;
        if (text.isBlank()) { removeNote(index); return; }
        setNote(index, new Note(text, n.x(), n.y()), "edit note");
    }

    public void removeNote(int index) {
        if (note(index) == null) return;
        List<Note> notes = new ArrayList<>(document.get().presentation().notes());
        notes.remove(index);
        commit("delete note", new TopologyDocument(topology(), document.get().presentation().withNotes(notes)));
    }

    private Note note(int index) {
        List<Note> notes = document.get().presentation().notes();
        return index >= 0 && index < notes.size() ? notes.get(index) : null;
    }

    private void setNote(int index, Note n, String label) {
        List<Note> notes = new ArrayList<>(document.get().presentation().notes());
        notes.set(index, n);
        commit(label, new TopologyDocument(topology(), document.get().presentation().withNotes(notes)));
    }

    /** The smallest an area may be resized to, so it can still be grabbed. */
    public static final double AREA_MIN = 40;

    /** Adds a named area with its top-left corner at a point; returns its index. */
    public int addArea(String name, Xy at, double width, double height) {
        List<Area> areas = new ArrayList<>(document.get().presentation().areas());
        areas.add(new Area(name, at.x(), at.y(), Math.max(AREA_MIN, width), Math.max(AREA_MIN, height)));
        commit("add area " + name, new TopologyDocument(topology(), document.get().presentation().withAreas(areas)));
        return areas.size() - 1;
    }

    /** Moves and resizes an area in one step (a drag of its corner or of the whole area). */
    public void placeArea(int index, double x, double y, double width, double height) {
        Area a = area(index);
        if (a == null) return;
        Area next = new Area(a.name(), x, y, Math.max(AREA_MIN, width), Math.max(AREA_MIN, height));
        if (next.equals(a)) return;
        setArea(index, next, next.width() == a.width() && next.height() == a.height() ? "move area" : "resize area");
    }

    public void renameArea(int index, String name) {
        Area a = area(index);
        if (a == null || name == null || name.equals(a.name())) return;
        setArea(index, a.named(name.strip()), "rename area");
    }

    public void removeArea(int index) {
        if (area(index) == null) return;
        List<Area> areas = new ArrayList<>(document.get().presentation().areas());
        areas.remove(index);
        commit("delete area", new TopologyDocument(topology(), document.get().presentation().withAreas(areas)));
    }

    private Area area(int index) {
        List<Area> areas = document.get().presentation().areas();
        return index >= 0 && index < areas.size() ? areas.get(index) : null;
    }

    private void setArea(int index, Area a, String label) {
        List<Area> areas = new ArrayList<>(document.get().presentation().areas());
        areas.set(index, a);
        commit(label, new TopologyDocument(topology(), document.get().presentation().withAreas(areas)));
    }

    // ---- clipboard --------------------------------------------------------------------------

    public boolean copy() {
        Selection s = selection();
        if (s.nodes().isEmpty()) return false;
        Topology t = topology();
        List<Node> nodes = t.nodes().stream().filter(n -> s.hasNode(n.id())).toList();
        List<Link> links = t.links().stream().filter(l -> s.hasNode(l.a()) && s.hasNode(l.b())).toList();
        Map<String, NodeLook> looks = new LinkedHashMap<>();
        for (Node n : nodes) {
            NodeLook l = document.get().presentation().nodes().get(n.id());
            if (l != null) looks.put(n.id(), l);
        }
        clipboard = new TopologyDocument(new Topology(t.name(), t.zone(), nodes, links), new Presentation(looks, List.of()));
        return true;
    }

    public boolean hasClipboard() { return clipboard != null; }

    /** Pastes the copied nodes with fresh ids and names, shifted so they do not hide the originals. */
    public List<String> paste() {
        if (clipboard == null || readOnly) return List.of();
        Topology t = topology();
        Map<String, NodeLook> looks = new LinkedHashMap<>(document.get().presentation().nodes());
        Map<String, String> newId = new HashMap<>();
        for (Node n : clipboard.topology().nodes()) {
            String id = t.freshNodeId();
            String name = t.freshName(namePrefix(n));
            t = t.withNode(new Node(id, name, n.kind(), n.vm()));
            newId.put(n.id(), id);
            NodeLook l = clipboard.presentation().nodes().get(n.id());
            Xy p = l == null ? new Xy(PASTE_OFFSET, PASTE_OFFSET) : new Xy(l.x() + PASTE_OFFSET, l.y() + PASTE_OFFSET);
            looks.put(id, l == null ? NodeLook.at(p.x(), p.y()) : l.movedTo(p.x(), p.y()));
        }
        Set<String> newLinks = new LinkedHashSet<>();
        for (Link l : clipboard.topology().links()) {
            newLinks.add(t.freshLinkId());
            t = t.connect(newId.get(l.a()), newId.get(l.b()));
        }
        commit("paste " + newId.size() + " node(s)", new TopologyDocument(t, document.get().presentation().withNodes(looks)));
        List<String> ids = new ArrayList<>(newId.values());
        select(new Selection(new LinkedHashSet<>(ids), newLinks));
        // Paste again and the next copy lands further along, not on top of this one.
        Map<String, NodeLook> shifted = new LinkedHashMap<>();
        clipboard.presentation().nodes().forEach((id, l) -> shifted.put(id, l.movedTo(l.x() + PASTE_OFFSET, l.y() + PASTE_OFFSET)));
        clipboard = new TopologyDocument(clipboard.topology(), new Presentation(shifted, List.of()));
        return ids;
    }

    public List<String> duplicate() {
        TopologyDocument keep = clipboard;
        if (!copy()) return List.of();
        List<String> ids = paste();
        clipboard = keep;
        return ids;
    }

    /** "web12" → "web"; a name without a usable prefix falls back to vm or sw. */
    static String namePrefix(Node n) {
        String p = n.name() == null ? "" : n.name().replaceAll("[0-9]+$", "").replaceAll("-+$", "");
        if (!Names.isValid(p) || p.length() > Names.MAX_LENGTH - 6) p = n.isVm() ? "vm" : "sw";
        return p;
    }

    // ---- selection helpers ------------------------------------------------------------------

    public void selectAll() {
        Topology t = topology();
        select(new Selection(t.nodes().stream().map(Node::id).toList().stream().collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)),
                t.links().stream().map(Link::id).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))));
    }

    /** Nodes whose name contains the text, in file order. */
    public List<String> find(String text) {
        if (text == null || text.isBlank()) return List.of();
        String q = text.trim().toLowerCase();
        return topology().nodes().stream().filter(n -> n.name() != null && n.name().toLowerCase().contains(q)).map(Node::id).toList();
    }

    /** Selects what a problem names. */
    public void selectProblem(io.olimpus.model.validation.Problem p) {
        Set<String> nodeIds = new HashSet<>();
        topology().nodes().forEach(n -> nodeIds.add(n.id()));
        Set<String> linkIds = new HashSet<>();
        topology().links().forEach(l -> linkIds.add(l.id()));
        select(new Selection(new LinkedHashSet<>(p.nodeIds()), new LinkedHashSet<>(p.linkIds())).retain(nodeIds, linkIds));
    }

    // ---- undo -------------------------------------------------------------------------------

    public void undo() {
        if (readOnly || !history.canUndo()) return;
        set(history.undo(document.get()));
    }

    public void redo() {
        if (readOnly || !history.canRedo()) return;
        set(history.redo(document.get()));
    }

    // ---- files ------------------------------------------------------------------------------

    public void newDesign() {
        replace(TopologyDocument.of(Topology.empty(DEFAULT_NAME)), null);
    }

    public void open(Path path) throws IOException {
        TopologyDocument doc = TopologyFile.read(Files.readString(path, StandardCharsets.UTF_8));
        replace(withAllPositions(doc), path);
    }

    /** Opens a design that lives elsewhere (a server's slice): no file, nothing unsaved yet. */
    public void openDocument(TopologyDocument doc) {
        replace(withAllPositions(doc), null);
    }

    /** The design as it stands was stored elsewhere (on the server): nothing is unsaved any more. */
    public void markSaved() {
        saved = document.get();
        dirty.set(false);
    }

    /**
     * Imports a lab file of any format Olimpus reads (its own, the course tool's, containerlab,
     * GNS3, netlab) as a new design stored nowhere yet: positions kept, laid out when it has none.
     * A file that is not what it claims throws TopologyFileException naming the file and the place.
     */
    public LabImport importLab(String fileName, byte[] content, ImageMapping mapping) {
        LabImport imp = LabFiles.read(fileName, content, mapping);
        importDocument(imp.document());
        return imp;
    }

    /** Opens a design read from a lab file (and perhaps mapped to the catalog) as a new, unsaved one. */
    public void importDocument(TopologyDocument doc) {
        replace(withAllPositions(doc), null);
        dirty.set(true);
    }

    /** The design written in {@code format}, with what that format could not hold. */
    public LabExport exportLab(LabFormat format, ImageMapping mapping) {
        return LabFiles.write(document.get(), format, mapping);
    }

    public void save(Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, TopologyFile.write(document.get()), StandardCharsets.UTF_8);
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        saved = document.get();
        file.set(path);
        dirty.set(false);
    }

    /**
     * Gives every node a position: files from other tools (or hand-written) may have none. The
     * layout is chosen by the design's shape and size (AutoLayout); when some nodes have places,
     * only the others are laid out, right of the placed ones, so none lands on another.
     */
    static TopologyDocument withAllPositions(TopologyDocument doc) {
        Topology t = doc.topology();
        Map<String, NodeLook> looks = doc.presentation().nodes();
        List<String> unplaced = t.nodes().stream().map(Node::id).filter(id -> {
            NodeLook l = looks.get(id);
            return l == null || (l.x() == 0 && l.y() == 0);
        }).toList();
        if (unplaced.isEmpty()) return doc;
        boolean anyPlaced = unplaced.size() < t.nodes().size();
        Map<String, Xy> pos = anyPlaced ? AutoLayout.layout(t, unplaced, t.links()) : AutoLayout.layout(t);
        double dx = 0;
        if (anyPlaced) {
            Set<String> loose = new HashSet<>(unplaced);
            double maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE;
            for (Node n : t.nodes()) {
                NodeLook l = looks.get(n.id());
                if (l == null || loose.contains(n.id())) continue;
                maxX = Math.max(maxX, l.x());
                minY = Math.min(minY, l.y());
            }
            double shift = maxX + ShapePlacement.GAP * 2 - 80, shiftY = minY - 80;
            Map<String, Xy> moved = new LinkedHashMap<>();
            pos.forEach((id, p) -> moved.put(id, p.plus(shift, shiftY)));
            pos = moved;
        }
        Map<String, NodeLook> next = new LinkedHashMap<>(looks);
        for (String id : unplaced) {
            NodeLook l = looks.get(id);
            Xy p = pos.get(id);
            next.put(id, l == null ? NodeLook.at(p.x(), p.y()) : l.movedTo(p.x(), p.y()));
        }
        return new TopologyDocument(t, doc.presentation().withNodes(next));
    }

    /** Replaces the whole design (new, open, import): history and selection start over. */
    public void replace(TopologyDocument doc, Path path) {
        history.clear();
        saved = doc;
        file.set(path);
        select(Selection.NONE);
        set(doc);
        dirty.set(false);
        replacements.set(replacements.get() + 1);
    }

    private boolean readOnly;

    /**
     * A design shown to be read, never changed (an instructor looking at a student's slice): every
     * edit is refused here, whatever window, key or menu asks for it; selecting and looking stay.
     */
    public void setReadOnly(boolean on) { readOnly = on; }

    public boolean isReadOnly() { return readOnly; }

    private void commit(String label, TopologyDocument next) {
        if (readOnly) return;
        history.push(document.get(), label);
        set(next);
    }

    private void set(TopologyDocument doc) {
        document.set(doc);
        serverProblems = List.of();
        revalidate();
        Set<String> nodeIds = new HashSet<>();
        doc.topology().nodes().forEach(n -> nodeIds.add(n.id()));
        Set<String> linkIds = new HashSet<>();
        doc.topology().links().forEach(l -> linkIds.add(l.id()));
        select(selection().retain(nodeIds, linkIds));
        dirty.set(doc != saved);
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        undoLabel.set(history.undoLabel());
        redoLabel.set(history.redoLabel());
    }
}
