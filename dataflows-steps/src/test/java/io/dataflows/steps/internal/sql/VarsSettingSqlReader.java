package io.dataflows.steps.internal.sql;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * Test reader {@code test_reader_sql_vars}, as in tool_dataflows' variable scope test: {@code reader_sql} that
 * also sets {@code dataflow.vars.dataflowvar} and {@code global.vars.globalvar} on every record.
 */
public final class VarsSettingSqlReader implements ReaderStep {

    static final String ID = "test_reader_sql_vars";

    private final SqlReaderStep delegate = new SqlReaderStep();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return delegate.configSchema();
    }

    @Override
    public Optional<String> concurrencyBlocker(Map<String, Object> config) {
        return delegate.concurrencyBlocker(config);
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        delegate.read(ctx, new Emitter() {
            @Override
            public void emit(DataRecord record) throws Exception {
                ctx.variables().set("dataflow.vars.dataflowvar", "dataflow test value");
                ctx.variables().set("global.vars.globalvar", "global (plugin scope) test value");
                out.emit(record);
            }

            @Override
            public void emit(int output, DataRecord record) throws Exception {
                emit(record);
            }

            @Override
            public int outputs() {
                return out.outputs();
            }
        });
    }
}
