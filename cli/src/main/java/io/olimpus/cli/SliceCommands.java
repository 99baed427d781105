package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.model.file.ImageMapping;
import io.olimpus.model.file.LabExport;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.FileProblem;
import io.olimpus.model.file.LabFileProblems;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.network.DerivedNetwork;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ValidationReport;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Slices: create (from a shape or a file), list, show, validate, plan, deploy, undeploy, delete, export, power, console, ssh. */
@Command(name = "slice", description = "Design, deploy and run slices.", sortOptions = false)
final class SliceCommands {
    /** Its subcommands, added only when the command line names this group (see Cli.expand). */
    static final Class<?>[] COMMANDS = {SliceCommands.Create.class, SliceCommands.ListSlices.class, SliceCommands.Show.class,
                SliceCommands.Validate.class, SliceCommands.PlanSlice.class, SliceCommands.Deploy.class,
                SliceCommands.Undeploy.class, SliceCommands.Delete.class, SliceCommands.Export.class,
                SliceCommands.Power.class, SliceCommands.Console.class, SliceCommands.Ssh.class, SliceCommands.SshProxy.class,
                SliceCommands.Capture.class};

    @ParentCommand Cli root;

    /** A slice by id, or by name among the slices the user sees (an admin sees everyone's: then the name must be unique). */
    Wire.Slice find(OlimpusClient c, String ref) {
        if (ref.matches("\\d{1,18}")) {
            Wire.SliceDetail d = c.slice(Long.parseLong(ref));
            return new Wire.Slice(d.id(), 0, d.owner(), d.name(), d.zone(), d.status(), d.vmCount(), d.vcpus(), d.ramMb(),
                    d.version(), d.createdAt(), d.updatedAt());
        }
        List<Wire.Slice> named = c.slices(null, null, null, ref, 500, 0).items().stream().filter(s -> s.name().equals(ref)).toList();
        if (named.isEmpty()) throw new CliFailure(Cli.NOT_FOUND, root.msg.get("noSuchSlice", ref));
        if (named.size() > 1) {
            String ids = named.stream().map(s -> s.id() + " (" + s.owner() + ")").collect(Collectors.joining(", "));
            throw new CliFailure(Cli.INVALID, root.msg.get("ambiguousSlice", ref, ids));
        }
        return named.get(0);
    }

    /**
     * Reads a lab file in any format Olimpus imports (its own, the course tool's JSON, containerlab,
     * GNS3, netlab; picked by name and content); what the import changed or could not carry goes
     * to {@code notices}, one line per element.
     */
    static TopologyDocument readDesign(Path file, Path imageMapping, List<String> notices) throws IOException {
        return readDesign(file, imageMapping, notices, null);
    }

    /**
     * As above; a course file with problems, given {@code importValid} (the CLI that says them), is
     * read as its valid part, like the designer's "Import the valid part", and each problem becomes a
     * notice of what was left out. Without it, the problems are the command's answer.
     */
    static TopologyDocument readDesign(Path file, Path imageMapping, List<String> notices, Cli importValid) throws IOException {
        LabImport imported;
        try {
            imported = LabFiles.read(file.getFileName().toString(), Files.readAllBytes(file), mapping(imageMapping));
        } catch (LabFileProblems p) {
            if (importValid == null) throw p;
            for (FileProblem fp : p.problems()) notices.add(importValid.msg.get("leftOut", importValid.fileProblem(fp)));
            imported = p.validPart();
        }
        notices.addAll(imported.reportLines());
        return imported.document();
    }

    /** The user's image mapping for other tools' files (docs/formats.md), or the default one. */
    static ImageMapping mapping(Path file) throws IOException {
        return file == null ? ImageMapping.DEFAULT : ImageMapping.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    // ---- create ----

    @Command(name = "create", sortOptions = false,
            description = {"Create a slice from a shape (--shape) or from a topology file (--file: Olimpus format or the course tool's JSON).",
                    "Example: slice create lab1 --shape ring --size 5 --flavor small --image cirros --zone golden"})
    static final class Create implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1", description = "The slice's name (default with --file: the file's).")
        String name;

        @Option(names = "--shape", paramLabel = "ring|mesh|tree|linear|star|bus", description = "A predefined shape.")
        String shape;

        @Option(names = "--size", paramLabel = "N", description = "How many VMs (every shape but tree).")
        Integer size;

        @Option(names = "--depth", defaultValue = "2", description = "Tree depth (levels below the root). Default: ${DEFAULT-VALUE}.")
        int depth;

        @Option(names = "--fanout", defaultValue = "2", description = "Children of each tree node. Default: ${DEFAULT-VALUE}.")
        int fanout;

        @Option(names = "--hub", paramLabel = "switch|vm", defaultValue = "switch", description = "A star's centre. Default: ${DEFAULT-VALUE}.")
        String hub;

        @Option(names = "--prefix", description = "VM names' prefix (vm1, vm2, ...). Default: vm.")
        String prefix;

        @Option(names = "--file", paramLabel = "FILE", description = "A lab file: Olimpus, the course tool's JSON, containerlab (.clab.yml), GNS3 (.gns3) or netlab (.yml).")
        Path file;

        @Option(names = "--image-mapping", paramLabel = "FILE", description = "How other tools' images map to this server's (YAML; see docs/formats.md).")
        Path imageMapping;

        @Option(names = "--import-valid", description = "With --file: a course file with problems is imported without what they name (each is told), as the designer's \"Import the valid part\".")
        boolean importValid;

        @Option(names = "--flavor", description = "The flavor of every VM (with --file: of those that name none).")
        String flavor;

        @Option(names = "--image", description = "The image of every VM (with --file: of those that name none).")
        String image;

        @Option(names = "--zone", description = "The zone to deploy to.")
        String zone;

        @Option(names = "--internet", description = "Give every VM of the shape internet access.")
        boolean internet;

        @Override
        public Integer call() throws IOException {
            Cli root = slices.root;
            if ((shape == null) == (file == null)) throw new CliFailure(Cli.USAGE, root.msg.get("shapeOrFile"));
            TopologyDocument doc;
            List<String> notices = new ArrayList<>();
            if (shape != null) {
                if (name == null) throw new CliFailure(Cli.USAGE, root.msg.get("nameNeeded"));
                VmSpec spec = VmSpec.of(flavor, image).withInternet(internet);
                Topology t = ShapeGenerator.generate(name, shape(root).withVm(spec).withPrefix(prefix));
                doc = TopologyDocument.of(zone == null ? t : t.withZone(zone));
            } else {
                doc = readDesign(file, imageMapping, notices, importValid ? root : null);
                Topology t = doc.topology();
                if (name != null) t = t.withName(name);
                if (zone != null) t = t.withZone(zone);
                for (Node n : t.vms()) {
                    VmSpec v = n.vm();
                    if (flavor != null && v.flavor() == null) v = v.withFlavor(flavor);
                    if (image != null && v.image() == null) v = v.withImage(image);
                    if (v != n.vm()) {
                        VmSpec nv = v;
                        t = t.updateNode(n.id(), x -> x.withVm(nv));
                    }
                }
                doc = new TopologyDocument(t, doc.presentation());
            }
            for (String n : notices) root.env.err().println(root.msg.get("notice", n));
            Wire.Saved saved = root.client().createSlice(doc);
            Wire.Slice s = saved.slice();
            for (Wire.DesignProblem p : saved.warnings() == null ? List.<Wire.DesignProblem>of() : saved.warnings())
                root.env.err().println("  " + p.severity() + " " + p.code() + ": " + p.message());
            root.out().say(saved, root.msg.get("sliceCreated", s.name(), s.id(), s.vmCount()));
            return Cli.OK;
        }

        private Shape shape(Cli root) {
            String k = shape.toLowerCase(Locale.ROOT);
            if (!k.equals("tree") && size == null) throw new CliFailure(Cli.USAGE, root.msg.get("sizeNeeded", k));
            return switch (k) {
                case "ring" -> Shape.ring(size);
                case "mesh" -> Shape.mesh(size);
                case "linear" -> Shape.linear(size);
                case "bus" -> Shape.bus(size);
                case "star" -> Shape.star(size, "vm".equalsIgnoreCase(hub) ? StarHub.VM : StarHub.SWITCH);
                case "tree" -> Shape.tree(depth, fanout);
                default -> throw new CliFailure(Cli.USAGE, root.msg.get("badShape", shape));
            };
        }
    }

    // ---- list, show ----

    @Command(name = "list", description = "Your slices with their status (admins: everyone's, or --owner's).")
    static final class ListSlices implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Option(names = "--owner", description = "Only this user's slices (admins).")
        String owner;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only slices in this status: ${COMPLETION-CANDIDATES}.")
        Wire.SliceStatus status;

        @Override
        public Integer call() {
            List<Wire.Slice> items = slices.root.client().slices(owner, status, null, null, 500, 0).items();
            Output.Table t = new Output.Table("ID", "NAME", "OWNER", "ZONE", "STATUS", "VMS", "VCPUS", "RAM MB");
            for (Wire.Slice s : items) t.row(s.id(), s.name(), s.owner(), s.zone(), s.status(), s.vmCount(), s.vcpus(), s.ramMb());
            slices.root.out().print(items, t);
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "A slice and its VMs: state, worker, addresses.")
    static final class Show implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Option(names = "--design", description = "Also list the design: nodes, links and the networks derived from them.")
        boolean design;

        @Override
        public Integer call() {
            Cli root = slices.root;
            OlimpusClient c = root.client();
            Wire.SliceDetail d = c.slice(slices.find(c, ref).id());
            List<Wire.VmView> vms = List.of();
            if (d.status() != Wire.SliceStatus.DRAFT) {
                try {
                    vms = c.vms(d.id());
                } catch (ClientException e) {
                    // A slice rolled back (FAILED) or between jobs may have nothing to ask the platform about: its design is shown.
                    if (e.kind() != ClientException.Kind.CONFLICT && e.kind() != ClientException.Kind.INVALID) throw e;
                }
            }
            Topology topo = OlimpusClient.design(d).topology();
            if (root.out().forScripts()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("slice", d);
                json.put("vms", vms);
                root.out().printData(json);
                return Cli.OK;
            }
            var out = root.env.out();
            out.println(root.msg.get("sliceHeader", d.name(), d.id(), d.owner(), d.zone() == null ? "-" : d.zone(), d.status(),
                    d.vmCount(), d.vcpus(), d.ramMb()));
            Output.Table t = new Output.Table("VM", "STATE", "WORKER", "ADDRESSES", "DETAIL");
            if (vms.isEmpty()) {
                for (Node n : topo.vms()) t.row(n.name(), root.msg.get("notDeployed"), null, null, n.vm().flavor() + " / " + n.vm().image());
            } else {
                for (Wire.VmView v : vms) {
                    String addrs = v.nics() == null ? null : v.nics().stream().filter(n -> n.ip() != null)
                            .map(n -> n.ip() + (n.network() == null ? "" : " (" + n.network() + ")")).collect(Collectors.joining(", "));
                    t.row(v.name(), v.state(), v.worker(), addrs, v.detail());
                }
            }
            t.print(out);
            if (design) {
                out.println();
                Output.Table links = new Output.Table("LINK", "A", "B");
                topo.links().forEach(l -> links.row(l.id(), topo.requireNode(l.a()).name(), topo.requireNode(l.b()).name()));
                links.print(out);
                out.println();
                Output.Table nets = new Output.Table("NETWORK", "KIND", "VMS");
                for (DerivedNetwork n : NetworkDeriver.derive(topo).all())
                    nets.row(n.name(), n.isSwitched() ? "switch" : "link",
                            n.attachments().stream().map(a -> topo.requireNode(a.vmId()).name()).distinct().collect(Collectors.joining(", ")));
                nets.print(out);
            }
            return Cli.OK;
        }
    }

    // ---- validate, plan ----

    @Command(name = "validate", description = "Check a stored slice against the server's catalog and quotas, or a topology file locally (--file).")
    static final class Validate implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(paramLabel = "SLICE", arity = "0..1", description = "The slice's name or id.")
        String ref;

        @Option(names = "--file", paramLabel = "FILE", description = "A lab file to check here, without the server (structure only).")
        Path file;

        @Option(names = "--import-valid", description = "With --file: check the valid part of a course file with problems (each problem is told).")
        boolean importValid;

        @Option(names = "--image-mapping", paramLabel = "FILE", description = "How other tools' images map to this server's (YAML; see docs/formats.md).")
        Path imageMapping;

        @Override
        public Integer call() throws IOException {
            Cli root = slices.root;
            if ((ref == null) == (file == null)) throw new CliFailure(Cli.USAGE, root.msg.get("sliceOrFile"));
            List<Wire.DesignProblem> problems;
            if (file != null) {
                List<String> notices = new ArrayList<>();
                ValidationReport r = TopologyValidator.validate(readDesign(file, imageMapping, notices, importValid ? root : null).topology());
                notices.forEach(n -> root.env.err().println(root.msg.get("notice", n)));
                problems = new ArrayList<>();
                for (Problem p : r.problems())
                    problems.add(new Wire.DesignProblem(p.code().name(), Wire.Severity.valueOf(p.severity().name()), p.message(), p.nodeIds(), p.linkIds()));
            } else {
                OlimpusClient c = root.client();
                Wire.Preview p = c.plan(slices.find(c, ref).id());
                problems = p.problems() == null ? List.of() : p.problems();
            }
            boolean errors = problems.stream().anyMatch(p -> p.severity() == Wire.Severity.ERROR);
            Output.Table t = new Output.Table("SEVERITY", "CODE", "MESSAGE");
            problems.forEach(p -> t.row(p.severity(), p.code(), p.message()));
            if (root.out().forScripts()) root.out().printData(Map.of("valid", !errors, "problems", problems));
            else if (problems.isEmpty()) root.env.out().println(root.msg.get("valid"));
            else t.print(root.env.out());
            return errors ? Cli.INVALID : Cli.OK;
        }
    }

    @Command(name = "plan", description = "What a deploy would do: each network and VM created, changed, deleted or kept, and where.")
    static final class PlanSlice implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Override
        public Integer call() {
            Cli root = slices.root;
            OlimpusClient c = root.client();
            Wire.Preview p = c.plan(slices.find(c, ref).id());
            Wire.PlanDiff diff = p.diff();
            Output.Table t = new Output.Table("CHANGE", "KIND", "NAME", "WHERE", "DETAIL");
            Set<String> addedN = ids(diff == null ? null : diff.addedNetworks(), Wire.NetworkPlan::networkId);
            Set<String> changedN = ids(diff == null ? null : diff.changedNetworks(), Wire.NetworkPlan::networkId);
            for (Wire.NetworkPlan n : p.plan().networks())
                t.row(change(root, addedN.contains(n.networkId()), changedN.contains(n.networkId())), "network", n.name(),
                        n.workerIds() == null ? null : String.join(",", n.workerIds()), n.cidr() + " seg " + n.segmentId());
            if (diff != null && diff.removedNetworks() != null)
                for (Wire.NetworkPlan n : diff.removedNetworks()) t.row(root.msg.get("change.delete"), "network", n.name(), null, n.cidr());
            Set<String> addedV = ids(diff == null ? null : diff.addedVms(), Wire.VmPlan::vmId);
            Set<String> changedV = ids(diff == null ? null : diff.changedVms(), Wire.VmPlan::vmId);
            for (Wire.VmPlan v : p.plan().vms())
                t.row(change(root, addedV.contains(v.vmId()), changedV.contains(v.vmId())), "vm", v.name(), v.workerId(),
                        v.flavor() + " " + v.image() + " " + (v.nics() == null ? "" : v.nics().stream().map(Wire.NicPlan::ip)
                                .filter(java.util.Objects::nonNull).collect(Collectors.joining(","))));
            if (diff != null && diff.removedVms() != null)
                for (Wire.VmPlan v : diff.removedVms()) t.row(root.msg.get("change.delete"), "vm", v.name(), v.workerId(), v.flavor());
            // A link reshaped in place: its line says what changes ("link l3: delay 0 -> 50 ms"); its VMs stay.
            if (diff != null && diff.changedLinks() != null)
                for (Wire.LinkChange l : diff.changedLinks()) t.row(root.msg.get("change.change"), "link", l.linkId(), null, l.change());
            root.out().print(p, t);
            if (!root.out().forScripts() && p.problems() != null)
                p.problems().forEach(w -> root.env.err().println("  " + w.severity() + " " + w.code() + ": " + w.message()));
            return Cli.OK;
        }

        private static <T> Set<String> ids(List<T> xs, java.util.function.Function<T, String> id) {
            return xs == null ? Set.of() : xs.stream().map(id).collect(Collectors.toSet());
        }

        private static String change(Cli root, boolean added, boolean changed) {
            return root.msg.get(added ? "change.create" : changed ? "change.change" : "change.keep");
        }
    }

    // ---- deploy, undeploy ----

    /** Starts a job and, with --wait, follows it to its end; the exit code tells the outcome. */
    static int runJob(Cli root, OlimpusClient c, Wire.Slice s, Wire.DeployJob job, boolean wait, String timeout) throws InterruptedException {
        if (!wait) {
            root.out().say(job, root.msg.get("jobStarted", job.kind().name().toLowerCase(), s.name(), job.id()));
            return Cli.OK;
        }
        Duration limit = JobWatch.parseDuration(timeout);
        JobWatch watch = new JobWatch(root);
        watch.screen().println(root.msg.get("jobFollowing", job.kind().name().toLowerCase(), s.name(), job.id()));
        Wire.DeployEvent.Finished f = watch.follow(c, job.id(), limit);
        if (f == null) throw new CliFailure(Cli.TIMEOUT, root.msg.get("timedOut", timeout, s.name()));
        List<Wire.VmView> vms = List.of();
        if (job.kind() == Wire.JobKind.DEPLOY) {
            try {
                vms = c.vms(s.id());
            } catch (ClientException e) {
                // a rolled-back slice may have no VMs to list: the outcome says enough
            }
        }
        Wire.DeployJob end = c.sliceJob(s.id());
        if (root.out().forScripts()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("job", end);
            json.put("outcome", f.outcome());
            json.put("vms", vms);
            root.out().printData(json);
        } else {
            root.env.out().println(root.msg.get("jobEnded", job.kind().name().toLowerCase(), s.name(), f.outcome(), f.message() == null ? "" : f.message()));
            if (!vms.isEmpty()) {
                Output.Table t = new Output.Table("VM", "STATE", "WORKER", "ADDRESSES");
                for (Wire.VmView v : vms)
                    t.row(v.name(), v.state(), v.worker(), v.nics() == null ? null
                            : v.nics().stream().map(Wire.Nic::ip).filter(java.util.Objects::nonNull).collect(Collectors.joining(", ")));
                t.print(root.env.out());
            }
        }
        return f.outcome() == Wire.JobOutcome.SUCCEEDED ? Cli.OK : Cli.FAILED;
    }

    /** Starts a job on a slice and, with --wait, follows it to its end: what deploy and undeploy share. */
    abstract static class JobCommand implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Option(names = "--wait", description = "Follow the job until it ends; exit 0 only if it succeeded.")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "30m", description = "How long --wait waits (90s, 10m, 1h); the job goes on after. Default: ${DEFAULT-VALUE}.")
        String timeout;

        abstract Wire.DeployJob start(OlimpusClient c, long sliceId);

        @Override
        public Integer call() throws InterruptedException {
            JobWatch.parseDuration(timeout);
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            return runJob(slices.root, c, s, start(c, s.id()), wait, timeout);
        }
    }

    @Command(name = "deploy", description = "Deploy a slice; --wait follows it live (progress bar, each VM's state) to its end.")
    static final class Deploy extends JobCommand {
        @Override Wire.DeployJob start(OlimpusClient c, long sliceId) { return c.deploy(sliceId); }
    }

    @Command(name = "undeploy", description = "Remove everything a slice runs (it stays as a design); --wait follows it to its end.")
    static final class Undeploy extends JobCommand {
        @Override Wire.DeployJob start(OlimpusClient c, long sliceId) { return c.undeploy(sliceId); }
    }

    // ---- delete, export ----

    @Command(name = "delete", description = "Delete a slice (undeploy it first if it runs).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Override
        public Integer call() {
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            c.deleteSlice(s.id());
            slices.root.out().say(Map.of("deleted", s.id()), slices.root.msg.get("sliceDeleted", s.name(), s.id()));
            return Cli.OK;
        }
    }

    @Command(name = "export", description = "Write a slice's design to a file (- for standard output), in Olimpus's format or another tool's.")
    static final class Export implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Parameters(index = "1", paramLabel = "FILE", description = "Where to write it; - for standard output.")
        String file;

        @Option(names = "--format", paramLabel = "olimpus|clab|gns3|netlab|hot", defaultValue = "olimpus",
                description = "The file's format: Olimpus, containerlab, GNS3, netlab or an OpenStack Heat template. Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--image-mapping", paramLabel = "FILE", description = "How this server's images are named in the other tool's file (YAML; see docs/formats.md).")
        Path imageMapping;

        @Override
        public Integer call() throws IOException {
            LabFormat f = LabFormat.byId(format);
            if (!f.writable()) throw new IllegalArgumentException("format '" + f.id() + "' can be read, not written; use one of " + LabFormat.writableIds());
            OlimpusClient c = slices.root.client();
            Wire.SliceDetail d = c.slice(slices.find(c, ref).id());
            LabExport export = LabFiles.write(OlimpusClient.design(d), f, mapping(imageMapping));
            for (String n : export.reportLines()) slices.root.env.err().println(slices.root.msg.get("notice", n));
            String text = export.text();
            if (file.equals("-")) {
                slices.root.env.out().print(text);
                return Cli.OK;
            }
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            slices.root.out().say(Map.of("exported", file), slices.root.msg.get("exported", d.name(), file));
            return Cli.OK;
        }
    }

    // ---- power, console ----

    @Command(name = "power", description = "Stop, start or reboot one VM of a deployed slice.")
    static final class Power implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE") String ref;
        @Parameters(index = "1", paramLabel = "VM") String vm;
        @Parameters(index = "2", paramLabel = "stop|start|reboot") String action;

        @Override
        public Integer call() {
            String a = action.toLowerCase(Locale.ROOT);
            if (!Set.of("stop", "start", "reboot").contains(a)) throw new CliFailure(Cli.USAGE, slices.root.msg.get("badPower", action));
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            c.power(s.id(), vm, a);
            slices.root.out().say(Map.of("vm", vm, "action", a), slices.root.msg.get("powered", vm, a));
            return Cli.OK;
        }
    }

    @Command(name = "console", description = "The address of a VM's console (a web page on OpenStack; the server's VNC WebSocket on Linux).")
    static final class Console implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE") String ref;
        @Parameters(index = "1", paramLabel = "VM") String vm;

        @Override
        public Integer call() {
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            Wire.VmView v = c.vms(s.id()).stream().filter(x -> x.name().equals(vm) || x.vmId().equals(vm)).findFirst()
                    .orElseThrow(() -> new CliFailure(Cli.NOT_FOUND, slices.root.msg.get("noSuchVm", vm, s.name())));
            String url = v.consoleKind() == Wire.ConsoleKind.BROWSER ? c.consoleUrl(s.id(), v.name())
                    : v.console() == null ? null : c.address().replaceFirst("^http", "ws") + v.console();
            if (url == null) throw new CliFailure(Cli.NOT_FOUND, slices.root.msg.get("noConsole", vm));
            slices.root.out().say(Map.of("vm", v.name(), "kind", String.valueOf(v.consoleKind()), "url", url), url);
            return Cli.OK;
        }
    }

    // ---- ssh ----

    /**
     * The login of an image's default user, as the distributions' cloud images name it (the user
     * cloud-init gives the owner's key); null when the image's name tells none, and ssh picks.
     */
    static String defaultLogin(String image) {
        if (image == null) return null;
        String i = image.toLowerCase(Locale.ROOT);
        for (String distro : List.of("debian", "ubuntu", "cirros", "fedora", "alpine", "rocky", "almalinux"))
            if (i.startsWith(distro)) return distro;
        return null;
    }

    /**
     * A word of ssh's ProxyCommand: single-quoted for a POSIX shell, which ssh runs it with; on
     * Windows, where OpenSSH passes the line to the program as it is, double-quoted.
     */
    static String shellWord(String s, boolean windows) {
        if (windows) return "\"" + s.replace("\"", "\\\"") + "\"";
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The ssh command line: the proxy (this program's slice ssh-proxy, which pipes ssh's bytes over
     * the server's WebSocket to the VM's port 22), the VM's host key kept under a name of its own
     * in this program's known_hosts (accepted the first time; a redeployed VM has a new one), the
     * login, then the user's own arguments (more options, a remote command).
     */
    static List<String> sshCommand(String ssh, List<String> self, String server, long sliceId, String vm, String login,
                                   Path knownHosts, List<String> extra, boolean windows) {
        return sshCommand(ssh, self, server, "en", sliceId, vm, login, knownHosts, extra, windows);
    }

    /** As above, the proxy's own messages (on ssh's standard error) in {@code lang}. */
    static List<String> sshCommand(String ssh, List<String> self, String server, String lang, long sliceId, String vm, String login,
                                   Path knownHosts, List<String> extra, boolean windows) {
        List<String> proxy = new ArrayList<>(self);
        proxy.addAll(List.of("--server", server, "--lang", lang, "slice", "ssh-proxy", Long.toString(sliceId), vm));
        // ssh expands %-tokens in a ProxyCommand: a literal % is %%.
        String proxyCommand = proxy.stream().map(w -> shellWord(w, windows)).collect(Collectors.joining(" ")).replace("%", "%%");
        String alias = "olimpus-" + sliceId + "-" + vm;
        List<String> argv = new ArrayList<>(List.of(ssh, "-o", "ProxyCommand=" + proxyCommand, "-o", "HostKeyAlias=" + alias,
                "-o", "UserKnownHostsFile=" + knownHosts.toString().replace("%", "%%"), "-o", "StrictHostKeyChecking=accept-new"));
        if (login != null) argv.addAll(List.of("-l", login));
        argv.add(alias);
        argv.addAll(extra);
        return argv;
    }

    /** How to run this program again, for ssh's ProxyCommand: its launcher when it came through one, else this JVM and class path. */
    static List<String> self(Env env) {
        String launcher = env.var("OLIMPUS_CLI_SELF");
        if (launcher != null) return List.of(launcher);
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    @Command(name = "ssh", sortOptions = false,
            description = {"Log in to a VM of a running slice with the system's ssh, through the server (Linux zones): the VM needs no public address.",
                    "Your key is the one in your profile (olimpus-cli ssh-key). Example: slice ssh lab1 vm1 -- -L 8080:localhost:80 uptime"})
    static final class Ssh implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE", description = "The slice's name or id.") String ref;
        @Parameters(index = "1", paramLabel = "VM", description = "The VM's name.") String vm;
        @Parameters(index = "2..*", paramLabel = "SSH-ARGS", description = "After --: more arguments for ssh (options, a command to run).")
        List<String> extra = new ArrayList<>();

        @Option(names = {"-l", "--login"}, paramLabel = "USER", description = "The user to log in as (default: the image's default user, like debian or ubuntu).")
        String login;

        @Override
        public Integer call() throws Exception {
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            Node node = OlimpusClient.design(c.slice(s.id())).topology().nodes().stream()
                    .filter(n -> n.vm() != null && vm.equals(n.name())).findFirst()
                    .orElseThrow(() -> new CliFailure(Cli.NOT_FOUND, slices.root.msg.get("noSuchVm", vm, s.name())));
            String user = login != null ? login : defaultLogin(node.vm().image());
            Files.createDirectories(slices.root.env.configDir());
            String ssh = slices.root.env.var("OLIMPUS_SSH") != null ? slices.root.env.var("OLIMPUS_SSH") : "ssh";
            List<String> argv = sshCommand(ssh, self(slices.root.env), c.address(), slices.root.msg.locale().getLanguage(), s.id(), vm, user,
                    slices.root.env.configDir().resolve("known_hosts"), extra,
                    System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win"));
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
                // The proxy, ssh's child, finds this login where this run found it.
                pb.environment().put("OLIMPUS_CONFIG_DIR", slices.root.env.configDir().toString());
                String token = slices.root.env.var("OLIMPUS_TOKEN");
                if (token != null) pb.environment().put("OLIMPUS_TOKEN", token);
                p = pb.start();
            } catch (IOException e) {
                throw new CliFailure(Cli.FAILED, slices.root.msg.get("noSsh", ssh));
            }
            return p.waitFor();
        }
    }

    @Command(name = "ssh-proxy",
            description = "Pipe standard input and output to a VM's SSH port through the server: ssh's ProxyCommand (slice ssh sets it up).")
    static final class SshProxy implements Callable<Integer> {
        /** A fast sender (scp) waits while this much is queued for the server: okhttp closes a pipe whose queue passes 16 MiB. */
        static final long MAX_QUEUED = 1 << 20;

        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE", description = "The slice's name or id.") String ref;
        @Parameters(index = "1", paramLabel = "VM", description = "The VM's name.") String vm;

        @Override
        public Integer call() throws Exception {
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            java.io.PrintStream out = slices.root.env.out();
            var done = new java.util.concurrent.CountDownLatch(1);
            var failure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
            io.olimpus.client.ConsolePipe pipe = c.openSsh(s.id(), vm, new io.olimpus.client.ConsolePipe.Listener() {
                @Override
                public void onBytes(byte[] bytes) {
                    out.write(bytes, 0, bytes.length);
                    out.flush();
                }

                @Override
                public void onClosed(int code, String reason) {
                    // 1000: the SSH session ended. Anything else says why the VM could not be reached.
                    if (code != 1000) failure.compareAndSet(null, new CliFailure(Cli.FAILED, slices.root.msg.get("sshEnded", vm, reason)));
                    done.countDown();
                }

                @Override
                public void onFailure(ClientException e) {
                    failure.compareAndSet(null, e);
                    done.countDown();
                }
            });
            Thread feed = new Thread(() -> {
                byte[] buf = new byte[32 * 1024];
                try {
                    int n;
                    while (done.getCount() > 0 && (n = slices.root.env.in().read(buf)) > 0) {
                        while (pipe.queued() > MAX_QUEUED && done.getCount() > 0) Thread.sleep(5);
                        if (!pipe.send(buf, 0, n)) break;
                    }
                } catch (IOException | InterruptedException e) {
                    pipe.close();  // ssh went away: the relay ends too
                }
                // At the end of the input the VM may still answer: the server closes when its side ends (and
                // ssh, when it exits, ends this process anyway).
            }, "ssh-proxy-in");
            feed.setDaemon(true);
            feed.start();
            done.await();
            RuntimeException f = failure.get();
            if (f != null) throw f;
            return Cli.OK;
        }
    }

    @Command(name = "capture", sortOptions = false,
            description = "Capture the packets on a link of a running slice (Linux zones) into a pcap file; stops at -c packets, --seconds or --bytes. Open it in Wireshark, or -w - | wireshark -k -i -")
    static final class Capture implements Callable<Integer> {
        @ParentCommand SliceCommands slices;

        @Parameters(index = "0", paramLabel = "SLICE", description = "The slice's name or id.")
        String ref;

        @Parameters(index = "1", paramLabel = "LINK", description = "The link's id in the design (like l1; slice show --design lists them).")
        String link;

        @Option(names = {"-w", "--write"}, paramLabel = "FILE", required = true, description = "The pcap file to write (- for standard output).")
        String file;

        @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets (server default 1000, at most 100000).")
        Integer packets;

        @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds (server default 60, at most 3600).")
        Integer seconds;

        @Option(names = "--bytes", paramLabel = "B", description = "Stop before the file passes B bytes (server default 10000000).")
        Long bytes;

        @Override
        public Integer call() throws Exception {
            OlimpusClient c = slices.root.client();
            Wire.Slice s = slices.find(c, ref);
            boolean toStdout = "-".equals(file);
            io.olimpus.client.LinkCapture capture = c.capture(s.id(), link, packets, seconds, bytes);
            // Ctrl-C stops the capture on the worker too; the file keeps every whole packet so far.
            Thread stop = new Thread(capture::close, "capture-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            io.olimpus.client.LinkCapture.Result r;
            try (java.io.OutputStream out = toStdout ? new java.io.FilterOutputStream(slices.root.env.out()) { @Override public void close() throws java.io.IOException { flush(); } }
                    : Files.newOutputStream(Path.of(file))) {
                r = capture.copyTo(out, null);
            } finally {
                capture.close();
                try { Runtime.getRuntime().removeShutdownHook(stop); } catch (IllegalStateException ignored) { /* shutting down */ }
            }
            String said = slices.root.msg.get("captured", r.packets(), r.bytes(), toStdout ? "-" : file);
            if (toStdout) slices.root.env.err().println(said);
            else slices.root.out().say(Map.of("slice", s.name(), "link", link, "packets", r.packets(), "bytes", r.bytes(), "file", file), said);
            return Cli.OK;
        }
    }
}
