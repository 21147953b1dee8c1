package io.dataflows.cli;

import io.dataflows.RunListener;
import io.dataflows.RunResult;
import java.io.PrintStream;

/** Shows how many records each reader has read, on one updating line of stderr (only on a terminal). */
final class ProgressPrinter implements RunListener {

    private final PrintStream err;
    private boolean printed;

    ProgressPrinter(PrintStream err) {
        this.err = err;
    }

    @Override
    public void progress(RunInfo run, String readerAlias, long records) {
        err.print("\r" + readerAlias + ": " + records + " records read");
        err.flush();
        printed = true;
    }

    @Override
    public void runFinished(RunResult result) {
        if (printed) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
