package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * {@code dataflow.id}: the id the definition gives — a number when it is a whole number, as the numeric ids of
 * tool_dataflows were — or, without one, the CRC-32 of the name's UTF-8 bytes: the same in every run and on every
 * machine, and a number, so that expressions such as {@code dataflow.id + 777} work as they did.
 */
final class DataflowIds {

    private DataflowIds() {}

    static Object of(Dataflow flow) {
        if (flow.id().isPresent()) {
            String id = flow.id().get();
            if (id.matches("[1-9][0-9]{0,17}|0")) {
                return Long.parseLong(id);
            }
            return id;
        }
        CRC32 crc = new CRC32();
        crc.update(flow.name().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
