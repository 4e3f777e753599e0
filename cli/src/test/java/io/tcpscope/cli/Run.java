package io.tcpscope.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command: its exit status, stdout and stderr. */
record Run(int status, String out, String err) {

    static Run of(String... args) {
        return withStdin("", args);
    }

    static Run withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Tcpscope.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** The one line of a failure, without the usage text picocli prints after usage errors. */
    String firstErrorLine() {
        return err.lines().findFirst().orElse("");
    }
}
