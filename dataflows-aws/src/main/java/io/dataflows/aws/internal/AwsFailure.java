package io.dataflows.aws.internal;

import io.dataflows.DataflowException;
import io.dataflows.spi.StepContext;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The step failure for an AWS call that failed: what was being done, then AWS's error code and message (a service
 * error) or the client's reason (no credentials, no connection). The credentials are never part of it, and the text
 * is scrubbed of the run's secrets besides.
 */
final class AwsFailure {

    private AwsFailure() {}

    /**
     * @param action what was being done, as the start of a sentence: {@code SNS notification to topic "alerts" in
     *     region ap-southeast-2}
     */
    static DataflowException of(StepContext ctx, String action, SdkException e) {
        return new DataflowException(ctx.redact(action + " failed: " + reason(e)), e);
    }

    private static String reason(SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException service = (AwsServiceException) e;
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "unknown error" : details.errorCode();
            String message = details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage();
            return code + message + " (HTTP " + service.statusCode() + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
