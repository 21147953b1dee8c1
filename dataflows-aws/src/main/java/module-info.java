/**
 * Dataflows step types that use Amazon Web Services: {@code connector_sns_notify}, {@code connector_s3} and {@code flow_s3}. The types are provided to
 * {@code io.dataflows.core} as services, so YAML definitions and {@code StepSpec.of(id)} find them when this module
 * is on the module path (or its jar on the class path). It exports nothing.
 */
// The AWS SDK's jars have no module descriptors, only stable Automatic-Module-Names in their manifests.
@SuppressWarnings("requires-automatic")
module io.dataflows.aws {
    requires io.dataflows.core;
    requires org.slf4j;

    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.sns;

    // The same list as META-INF/services/io.dataflows.spi.StepType, which the class path reads
    // (AwsStepTypesTest keeps the two equal).
    provides io.dataflows.spi.StepType with
            io.dataflows.aws.internal.S3CopyStep.Connector,
            io.dataflows.aws.internal.S3CopyStep.Flow,
            io.dataflows.aws.internal.SnsNotifyStep;
}
