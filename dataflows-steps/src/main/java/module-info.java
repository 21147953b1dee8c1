/**
 * The built-in step types of Dataflows: {@link io.dataflows.steps.Steps} builds typed definitions of them; the
 * types themselves are provided to {@code io.dataflows.core} as services, so YAML definitions and
 * {@code StepSpec.of(id)} find them too. Their implementations ({@code io.dataflows.steps.internal}) are not
 * exported.
 *
 * <p>{@code connector_gpg} and {@code flow_gpg} need Bouncy Castle ({@code org.bouncycastle.pg},
 * {@code org.bouncycastle.provider}), an optional dependency: an application that uses them puts both on its
 * module path and resolves them ({@code requires} in its own module, or {@code --add-modules}). So do applications
 * whose {@code *_hash_file} steps use the hash algorithms that come from {@code org.bouncycastle.provider}
 * ({@code md4}, {@code ripemd*}, {@code whirlpool}, {@code gost*}).
 */
// cron-utils has no module descriptor, only the stable Automatic-Module-Name com.cronutils in its manifest.
@SuppressWarnings("requires-automatic")
module io.dataflows.steps {
    exports io.dataflows.steps;

    requires transitive io.dataflows.core;

    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires com.cronutils;
    requires com.dynatrace.hash4j;
    requires static org.bouncycastle.pg;
    requires static org.bouncycastle.provider;

    // The same list as META-INF/services/io.dataflows.spi.StepType, which the class path reads
    // (StepTypeConventionsTest keeps the two equal).
    provides io.dataflows.spi.StepType with
            io.dataflows.steps.internal.reader.ArrayReaderStep,
            io.dataflows.steps.internal.reader.CsvReaderStep,
            io.dataflows.steps.internal.reader.JsonReaderStep,
            io.dataflows.steps.internal.writer.DebugWriterStep,
            io.dataflows.steps.internal.writer.StreamWriterStep,
            io.dataflows.steps.internal.transform.AlterStep,
            io.dataflows.steps.internal.transform.FilterStep,
            io.dataflows.steps.internal.transform.RegexStep,
            io.dataflows.steps.internal.logic.CaseStep,
            io.dataflows.steps.internal.logic.JoinStep,
            io.dataflows.steps.internal.logic.SwitchStep,
            io.dataflows.steps.internal.logic.TeeStep,
            io.dataflows.steps.internal.connector.AbortStep.Connector,
            io.dataflows.steps.internal.connector.AbortStep.Flow,
            io.dataflows.steps.internal.connector.AbortIfStep,
            io.dataflows.steps.internal.connector.DebuggingConnectorStep,
            io.dataflows.steps.internal.connector.FindStep,
            io.dataflows.steps.internal.connector.LogStep.Connector,
            io.dataflows.steps.internal.connector.LogStep.Flow,
            io.dataflows.steps.internal.connector.NoopStep.Connector,
            io.dataflows.steps.internal.connector.NoopStep.Flow,
            io.dataflows.steps.internal.connector.SetMultipleVariablesStep.Connector,
            io.dataflows.steps.internal.connector.SetMultipleVariablesStep.Flow,
            io.dataflows.steps.internal.connector.SetVariableStep.Connector,
            io.dataflows.steps.internal.connector.SetVariableStep.Flow,
            io.dataflows.steps.internal.connector.WaitStep,
            io.dataflows.steps.internal.sql.SqlReaderStep,
            io.dataflows.steps.internal.sql.SqlStep.Connector,
            io.dataflows.steps.internal.sql.SqlStep.Flow,
            io.dataflows.steps.internal.host.WebServiceStep,
            io.dataflows.steps.internal.host.UpdateUserStep.Connector,
            io.dataflows.steps.internal.host.UpdateUserStep.Flow,
            io.dataflows.steps.internal.file.CopyFileStep.Connector,
            io.dataflows.steps.internal.file.CopyFileStep.Flow,
            io.dataflows.steps.internal.file.AppendFileStep.Connector,
            io.dataflows.steps.internal.file.AppendFileStep.Flow,
            io.dataflows.steps.internal.file.RemoveFileStep.Connector,
            io.dataflows.steps.internal.file.RemoveFileStep.Flow,
            io.dataflows.steps.internal.file.FilePutContentStep.Connector,
            io.dataflows.steps.internal.file.FilePutContentStep.Flow,
            io.dataflows.steps.internal.file.HashFileStep.Connector,
            io.dataflows.steps.internal.file.HashFileStep.Flow,
            io.dataflows.steps.internal.file.CompressionStep.Connector,
            io.dataflows.steps.internal.file.CompressionStep.Flow,
            io.dataflows.steps.internal.file.GpgStep.Connector,
            io.dataflows.steps.internal.file.GpgStep.Flow,
            io.dataflows.steps.internal.file.DirectoryFileListConnector,
            io.dataflows.steps.internal.file.DirectoryFileListReader,
            io.dataflows.steps.internal.file.DirectoryFileCountStep,
            io.dataflows.steps.internal.file.FileExistsStep,
            io.dataflows.steps.internal.file.DebugFileDisplayStep,
            io.dataflows.steps.internal.trigger.CronTriggerStep,
            io.dataflows.steps.internal.trigger.EventTriggerStep,
            io.dataflows.steps.internal.trigger.WebhookTriggerStep;
}
