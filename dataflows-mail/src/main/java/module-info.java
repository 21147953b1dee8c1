/**
 * E-mail for Dataflows: the step types {@code connector_email} and {@code flow_email}, provided to
 * {@code io.dataflows.core} as services, send through the {@link io.dataflows.mail.SmtpServer} an application
 * registers on the engine; {@link io.dataflows.mail.AbortNotifier} mails the {@code notifyonabort} addresses of a
 * dataflow whose run aborted. The implementation ({@code io.dataflows.mail.internal}) is not exported. Jakarta Mail
 * finds its SMTP provider, Eclipse Angus Mail ({@code org.eclipse.angus.mail}), as a service: put it on the module
 * path too.
 */
module io.dataflows.mail {
    exports io.dataflows.mail;

    requires transitive io.dataflows.core;

    requires jakarta.mail;
    requires org.slf4j;

    // The same list as META-INF/services/io.dataflows.spi.StepType, which the class path reads
    // (MailStepTypeConventionsTest keeps the two equal).
    provides io.dataflows.spi.StepType with
            io.dataflows.mail.internal.EmailStep.Connector,
            io.dataflows.mail.internal.EmailStep.Flow;
}
