package io.dataflows.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.sftp.internal.SftpCopyStep;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.StepTypeConventions;
import org.junit.jupiter.api.Test;

/** The SFTP step types are registered for the class path and the module path, and describe themselves. */
class SftpStepConventionsTest {

    @Test
    void everyTypeFollowsTheConventions() {
        StepTypeConventions conventions =
                new StepTypeConventions(SftpCopyStep.class, "io.dataflows.sftp", "io.dataflows.sftp.");
        conventions.check();
        assertThat(conventions.types()).extracting(StepType::id).containsExactlyInAnyOrder("connector_sftp",
                "flow_sftp", "connector_sftp_directory_file_list", "reader_sftp_directory_file_list");
    }
}
