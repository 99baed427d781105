package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Zones: list them, and show one's workers with the vCPU/RAM/disk their placed VMs use against their capacity. */
@Command(name = "zone", description = "Zones and their workers' usage.")
final class ZoneCommands {
    /** Its subcommands, added only when the command line names this group (see Cli.expand). */
    static final Class<?>[] COMMANDS = {ZoneCommands.ListZones.class, ZoneCommands.Show.class, ZoneCommands.Create.class, ZoneCommands.AddWorker.class,
            ZoneCommands.Settings.class};

    @ParentCommand Cli root;

    /** One worker's capacity and what the VMs placed on it ask for (their flavors). */
    record WorkerUsage(String worker, String address, boolean up, int vms, int vcpusUsed, int vcpus, int ramMbUsed, int ramMb,
                       int diskGbUsed, int diskGb) {}

    static List<WorkerUsage> usage(OlimpusClient c, String zone) {
        Map<String, Wire.Flavor> flavors = new HashMap<>();
        c.flavors().forEach(f -> flavors.put(f.name(), f));
        Map<String, Wire.WorkerLoad> loads = new HashMap<>();
        try {
            c.placements(zone).workers().forEach(w -> loads.put(w.worker(), w));
        } catch (ClientException e) {
            if (e.kind() != ClientException.Kind.FORBIDDEN) throw e;  // students see capacity only
        }
        Map<Long, Topology> designs = new HashMap<>();
        List<WorkerUsage> out = new ArrayList<>();
        for (Wire.Worker w : c.workers(zone)) {
            int vms = 0, cpu = 0, ram = 0, disk = 0;
            Wire.WorkerLoad load = loads.get(w.name());
            if (load != null) {
                for (Wire.PlacedSlice ps : load.slices()) {
                    Topology t = designs.computeIfAbsent(ps.id(), id -> OlimpusClient.design(c.slice(id)).topology());
                    for (String vm : ps.vms()) {
                        vms++;
                        Wire.Flavor f = t.nodeNamed(vm).map(Node::vm).map(v -> flavors.get(v.flavor())).orElse(null);
                        if (f == null) continue;
                        cpu += f.vcpus();
                        ram += f.ramMb();
                        disk += f.diskGb();
                    }
                }
            }
            Wire.Resources cap = w.capacity();
            out.add(new WorkerUsage(w.name(), w.mgmtAddress(), w.up(), vms, cpu, cap == null ? 0 : cap.vcpus(), ram,
                    cap == null ? 0 : cap.ramMb(), disk, cap == null ? 0 : cap.diskGb()));
        }
        return out;
    }

    @Command(name = "list", description = "Each zone with its workers' vCPU, RAM and disk: used / total.")
    static final class ListZones implements Callable<Integer> {
        @ParentCommand ZoneCommands zones;

        @Override
        public Integer call() {
            OlimpusClient c = zones.root.client();
            List<Map<String, Object>> json = new ArrayList<>();
            Output.Table t = new Output.Table("ZONE", "PLATFORM", "WORKERS", "VCPUS", "RAM MB", "DISK GB");
            for (Wire.Zone z : c.zones()) {
                List<WorkerUsage> u = "linux".equals(z.platform()) ? usage(c, z.name()) : List.of();
                t.row(z.name(), z.platform(), u.size(),
                        u.stream().mapToInt(WorkerUsage::vcpusUsed).sum() + "/" + u.stream().mapToInt(WorkerUsage::vcpus).sum(),
                        u.stream().mapToInt(WorkerUsage::ramMbUsed).sum() + "/" + u.stream().mapToInt(WorkerUsage::ramMb).sum(),
                        u.stream().mapToInt(WorkerUsage::diskGbUsed).sum() + "/" + u.stream().mapToInt(WorkerUsage::diskGb).sum());
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("zone", z);
                j.put("workers", u);
                json.add(j);
            }
            zones.root.out().print(json, t);
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "A zone's workers: up or down, VMs placed, vCPU/RAM/disk used / total.")
    static final class Show implements Callable<Integer> {
        @ParentCommand ZoneCommands zones;
        @Parameters(paramLabel = "ZONE") String zone;

        @Override
        public Integer call() {
            List<WorkerUsage> u = usage(zones.root.client(), zone);
            Output.Table t = new Output.Table("WORKER", "ADDRESS", "UP", "VMS", "VCPUS", "RAM MB", "DISK GB");
            for (WorkerUsage w : u)
                t.row(w.worker(), w.address(), w.up() ? "yes" : "no", w.vms(), w.vcpusUsed() + "/" + w.vcpus(),
                        w.ramMbUsed() + "/" + w.ramMb(), w.diskGbUsed() + "/" + w.diskGb());
            zones.root.out().print(u, t);
            return Cli.OK;
        }
    }

    @Command(name = "create", description = "Define a zone (admins). Example: zone create golden --platform linux")
    static final class Create implements Callable<Integer> {
        @ParentCommand ZoneCommands zones;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--platform", required = true, paramLabel = "linux|openstack") String platform;
        @Option(names = "--nova-az", description = "OpenStack: the Nova availability zone.") String novaAz;

        @Override
        public Integer call() {
            Wire.Zone z = zones.root.client().createZone(new Wire.NewZone(name, platform, novaAz));
            zones.root.out().say(z, zones.root.msg.get("zoneCreated", z.name(), z.platform()));
            return Cli.OK;
        }
    }

    @Command(name = "add-worker", description = {"Add a worker to a Linux zone (admins).",
            "Example: zone add-worker golden worker1 --address 10.0.0.11 --ssh-user olimpus --ssh-key worker1_ed25519 --vcpus 8 --ram 16384 --disk 200 --kvm"})
    static final class AddWorker implements Callable<Integer> {
        @ParentCommand ZoneCommands zones;
        @Parameters(index = "0", paramLabel = "ZONE") String zone;
        @Parameters(index = "1", paramLabel = "WORKER") String name;
        @Option(names = "--address", required = true, description = "Its management address (SSH).") String address;
        @Option(names = "--ssh-user", required = true) String sshUser;
        @Option(names = "--ssh-key", required = true, description = "The key's name in the server's key folder.") String sshKey;
        @Option(names = "--vcpus", required = true) int vcpus;
        @Option(names = "--ram", required = true, paramLabel = "MB") int ramMb;
        @Option(names = "--disk", required = true, paramLabel = "GB") int diskGb;
        @Option(names = "--kvm", description = "It has KVM (hardware virtualisation).") boolean kvm;

        @Override
        public Integer call() {
            Wire.Worker w = zones.root.client().addWorker(zone, new Wire.NewWorker(name, address, sshUser, sshKey, vcpus, ramMb, diskGb, kvm));
            zones.root.out().say(w, zones.root.msg.get("workerAdded", w.name(), zone, w.mgmtAddress()));
            return Cli.OK;
        }
    }

    @Command(name = "settings", description = {"Show a zone's settings (admins), or replace them with a JSON file's (--file).",
            "Linux: dataPlane, addressPool, subnetPrefix, segment range, uplinkInterface, headnode {...}; see the API's ZoneSettings."})
    static final class Settings implements Callable<Integer> {
        @ParentCommand ZoneCommands zones;
        @Parameters(paramLabel = "ZONE") String zone;
        @Option(names = "--file", paramLabel = "FILE", description = "The new settings, a JSON object.") java.nio.file.Path file;

        @Override
        public Integer call() throws java.io.IOException {
            OlimpusClient c = zones.root.client();
            com.fasterxml.jackson.databind.JsonNode settings;
            if (file == null) {
                settings = c.zoneSettings(zone);
            } else {
                com.fasterxml.jackson.databind.JsonNode given;
                try {
                    given = Output.JSON.readTree(java.nio.file.Files.readString(file));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new CliFailure(Cli.INVALID, zones.root.msg.get("badJson", file, e.getOriginalMessage()));
                }
                settings = c.putZoneSettings(zone, given);
            }
            // Settings are a document, not rows: shown as JSON unless YAML is asked for.
            new Output(zones.root.env.out(), zones.root.format == Output.Format.yaml ? Output.Format.yaml : Output.Format.json).printData(settings);
            return Cli.OK;
        }
    }
}
