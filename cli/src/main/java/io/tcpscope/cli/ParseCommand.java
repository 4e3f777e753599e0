package io.tcpscope.cli;

import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.parse.Listings;
import io.tcpscope.core.parse.SsParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Normalises a captured socket listing (/proc/net/tcp and tcp6, ss, netstat, busybox netstat)"
                + " into the same table, or JSON. Several files are read as one listing."},
        footer = {"", Output.TABLE_HELP, "", Output.JSON_HELP})
final class ParseCommand implements Callable<Integer> {

    enum Format {
        auto(null), proc(ListingFormat.PROC), ss(ListingFormat.SS), netstat(ListingFormat.NETSTAT), busybox(ListingFormat.BUSYBOX);

        final ListingFormat listingFormat;

        Format(ListingFormat listingFormat) {
            this.listingFormat = listingFormat;
        }
    }

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Files to read, or - for stdin (the default).")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, which recognises the listing).")
    Format format;

    @Option(names = "--listing-state", paramLabel = "STATE",
            description = "The state an ss listing was filtered to, for 'ss state established' and the like, which print no State column.")
    TcpState listingState;

    @Mixin
    Filters filters;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        List<String> sources = files.isEmpty() ? List.of("-") : files;
        for (String file : sources) {
            try {
                listing.write(file.equals("-") ? top.stdin.readAllBytes() : Files.readAllBytes(Path.of(file)));
            } catch (NoSuchFileException e) {
                throw new Tcpscope.InputException("cannot read " + file + ": there is no such file", e);
            } catch (IOException e) {
                throw new Tcpscope.InputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(listing.toByteArray());
        List<TcpConnection> connections;
        if (listingState != null && (format == Format.ss || format == Format.auto)) {
            connections = SsParser.withState(listingState).parse(bytes);
        } else if (format == Format.auto) {
            connections = Listings.parseAuto(bytes);
        } else {
            connections = Listings.parse(format.listingFormat, bytes);
        }
        List<Row> rows = filters.apply(connections).stream().map(c -> new Row(null, c, null)).toList();
        if (json) {
            Output.json(spec.commandLine().getOut(), rows);
        } else {
            Output.table(spec.commandLine().getOut(), rows);
        }
        return 0;
    }
}
