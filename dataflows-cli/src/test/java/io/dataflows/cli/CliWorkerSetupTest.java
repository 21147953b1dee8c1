package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataflowEngine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a distributed run's worker engines get from the command line, and what they give back when discarded. */
class CliWorkerSetupTest {

    @TempDir
    Path dir;

    @Test
    void releasingAWorkersEngineClosesTheConnectionPoolItsSetupOpened() {
        CliWorkerSetup setup = new CliWorkerSetup(Map.of("site", "Example"), Map.of(), dir,
                new CliWorkerSetup.Data("jdbc:h2:mem:worker_setup", false, dir.toString(), false, "pre_"));
        DataflowEngine.Builder builder = DataflowEngine.builder();
        setup.configure(builder);
        DataflowEngine engine = builder.build();
        DataSource pool = engine.dataSources().get("default");
        assertThat(pool).isInstanceOf(FlowDatabase.class);
        assertThat(engine.tablePrefix()).isEqualTo("pre_");

        setup.release(engine);

        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class)
                .hasMessage("The flow database jdbc:h2:mem:worker_setup is closed");
    }
}
