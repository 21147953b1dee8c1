package io.dataflows.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server on loopback for the tests: S3Proxy over a transient (in-memory) blob store, checking
 * AWS signatures (V2 or V4) against {@link #KEY} and {@link #SECRET}, on a free port. Path-style URLs only; no
 * flexible checksums (as the steps' client, see S3CopyStep). A plain S3 client signed with the same credentials sets
 * up buckets and reads back what the steps wrote.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String KEY = "AKIAS3TESTKEY";
    public static final String SECRET = "S3secret/OHNOYOUWERENTSUPPOSEDTOSEEME+k";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final S3Client client;

    public S3TestServer() throws Exception {
        this(part -> { });
    }

    /**
     * @param failingPart the number of the multipart upload part the store fails to save (the server answers
     *     {@code 500 InternalError}, every time), or 0
     */
    S3TestServer(int failingPart) throws Exception {
        this(number -> {
            if (number == failingPart) {
                throw new IllegalStateException("the disk is full (part " + number + ")");
            }
        });
    }

    /**
     * @param beforePart called with the number of each multipart upload part before the store saves it, on the
     *     server's thread: it may block (a slow store) or throw (the server answers {@code 500 InternalError})
     */
    S3TestServer(IntConsumer beforePart) throws Exception {
        Properties properties = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials("local", "local").overrides(properties)
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store = new ForwardingBlobStore(store) {
            @Override
            public MultipartPart uploadMultipartPart(MultipartUpload upload, int number, Payload payload) {
                beforePart.accept(number);
                return super.uploadMultipartPart(upload, number, payload);
            }
        };
        proxy = S3Proxy.builder().blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
                .build();
        proxy.start();
        if (!"STARTED".equals(proxy.getState())) {
            close();
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        client = S3Client.builder().region(Region.of(REGION)).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The server's URL, for the steps' {@code endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void put(String bucket, String key, String content) {
        put(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The object's bytes; null when there is none. */
    public byte[] get(String bucket, String key) {
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** The object's ETag, quotes included. */
    public String eTag(String bucket, String key) {
        return client.headObject(b -> b.bucket(bucket).key(key)).eTag();
    }

    /** The keys in the bucket, in order. */
    public List<String> keys(String bucket) {
        return client.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .collect(Collectors.toList());
    }

    /** How many multipart uploads of the bucket are neither completed nor aborted. */
    public int pendingUploads(String bucket) {
        return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        try {
            proxy.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
