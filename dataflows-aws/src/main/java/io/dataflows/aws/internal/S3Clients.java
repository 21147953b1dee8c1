package io.dataflows.aws.internal;

import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of one step run, made when first needed: {@code flow_s3} copies every record's file with the same
 * client while the records' connection fields and {@code pathstyle} stay the same (a record that changes them gets a
 * new client, the old one closed). A cancelled run aborts the client's requests in flight. Used by the run's thread
 * only; {@link #close()} when the step ends.
 */
final class S3Clients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Clients.class);

    private final StepContext ctx;
    private AwsConnection connection;
    private boolean pathStyle;
    private AbortableHttpClient http;
    private CancelRegistration cancel;
    private S3Client client;

    S3Clients(StepContext ctx) {
        this.ctx = ctx;
    }

    /** A client for {@code connection}, the one already made when it connects the same way. */
    S3Client get(AwsConnection connection, boolean pathStyle) {
        if (client != null && this.connection.sameAs(connection) && this.pathStyle == pathStyle) {
            return client;
        }
        close();
        log.debug("Opening an S3 client for region {} at {}", connection.region(), connection.endpointName());
        http = AwsConnection.httpClient();
        cancel = ctx.onCancel(http::abortAll);
        // No checksums beyond what a request needs (CRC32 trailers on every upload and checksum mode on every
        // download are the SDK's default since 2.30): stores that speak the S3 API without AWS's flexible
        // checksums (S3Proxy, older MinIO and Ceph releases) refuse them. Over https TLS protects the bytes in
        // transit; over http the SDK signs the payload's SHA-256, which the server checks.
        client = connection.configure(S3Client.builder(), http)
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(S3CopyStep.CALL_TIMEOUT))
                .build();
        this.connection = connection;
        this.pathStyle = pathStyle;
        return client;
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } finally {
            try {
                cancel.close();
            } finally {
                http.close();
                client = null;
                cancel = null;
                http = null;
            }
        }
    }
}
