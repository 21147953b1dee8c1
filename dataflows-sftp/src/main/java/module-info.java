/**
 * SFTP step types for Dataflows: {@code connector_sftp} and {@code flow_sftp} copy files to, from and on SFTP servers;
 * {@code connector_sftp_directory_file_list} and {@code reader_sftp_directory_file_list} list remote directories.
 * The types are provided to {@code io.dataflows.core} as services; nothing is exported.
 */
@SuppressWarnings("requires-automatic")
module io.dataflows.sftp {
    requires io.dataflows.core;
    requires org.apache.sshd.osgi;
    requires org.apache.sshd.sftp;
    requires org.slf4j;

    // The same list as META-INF/services/io.dataflows.spi.StepType, which the class path reads
    // (SftpStepConventionsTest keeps the two equal).
    provides io.dataflows.spi.StepType with
            io.dataflows.sftp.internal.SftpCopyStep.Connector,
            io.dataflows.sftp.internal.SftpCopyStep.Flow,
            io.dataflows.sftp.internal.SftpDirectoryFileListConnector,
            io.dataflows.sftp.internal.SftpDirectoryFileListReader;
}
