/**
 * The SFTP step types: {@code connector_sftp} and {@code flow_sftp} ({@link io.dataflows.sftp.internal.SftpCopyStep}),
 * the listings {@code connector_sftp_directory_file_list} and {@code reader_sftp_directory_file_list}
 * ({@link io.dataflows.sftp.internal.SftpDirectoryFileList}), one session per step run
 * ({@link io.dataflows.sftp.internal.SftpConnection}) with its host key pinned or trusted on first use
 * ({@link io.dataflows.sftp.internal.HostKey}).
 *
 * <p><b>Not API.</b> These classes may change without notice; use the type ids. They use only the public API and
 * SPI of {@code dataflows-core}.
 */
package io.dataflows.sftp.internal;
