package io.olimpus.cli;

import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Flavors: define (admins), list, delete (admins). */
@Command(name = "flavor", description = "VM sizes: define, list, delete.")
final class FlavorCommands {
    /** Its subcommands, added only when the command line names this group (see Cli.expand). */
    static final Class<?>[] COMMANDS = {FlavorCommands.Create.class, FlavorCommands.ListFlavors.class, FlavorCommands.Delete.class};

    @ParentCommand Cli root;

    @Command(name = "create", description = "Define a flavor (admins). Example: flavor create small --vcpus 1 --ram 512 --disk 5")
    static final class Create implements Callable<Integer> {
        @ParentCommand FlavorCommands flavors;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--vcpus", required = true) int vcpus;
        @Option(names = "--ram", required = true, paramLabel = "MB", description = "RAM in MB.") int ramMb;
        @Option(names = "--disk", required = true, paramLabel = "GB", description = "Disk in GB.") int diskGb;

        @Override
        public Integer call() {
            Wire.Flavor f = flavors.root.client().createFlavor(new Wire.NewFlavor(name, vcpus, ramMb, diskGb));
            flavors.root.out().say(f, flavors.root.msg.get("flavorCreated", f.name(), f.vcpus(), f.ramMb(), f.diskGb()));
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List flavors.")
    static final class ListFlavors implements Callable<Integer> {
        @ParentCommand FlavorCommands flavors;

        @Override
        public Integer call() {
            List<Wire.Flavor> all = flavors.root.client().flavors();
            Output.Table t = new Output.Table("NAME", "VCPUS", "RAM MB", "DISK GB");
            all.forEach(f -> t.row(f.name(), f.vcpus(), f.ramMb(), f.diskGb()));
            flavors.root.out().print(all, t);
            return Cli.OK;
        }
    }

    @Command(name = "delete", description = "Delete a flavor (admins).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand FlavorCommands flavors;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            flavors.root.client().deleteFlavor(name);
            flavors.root.out().say(Map.of("deleted", name), flavors.root.msg.get("flavorDeleted", name));
            return Cli.OK;
        }
    }
}
