package io.dataflows.aws.internal;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepValidation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom the AWS steps connect: the config fields {@code region}, {@code key}, {@code secret} and
 * {@code endpoint} that every AWS step type shares, their checks, and the client settings built from them.
 *
 * <p>{@code key} and {@code secret} go together: both given, the client signs with them; both empty, it takes the
 * AWS SDK's default credentials (environment variables, system properties, the shared credentials file, the
 * container or instance role). {@code endpoint} replaces the service's AWS address, for services that speak the
 * same API (LocalStack, a test server). Clients send their requests with the JDK's HTTP client, and a request
 * waits for at most {@link #CONNECT_TIMEOUT} to connect and {@link #READ_TIMEOUT} for each read.
 */
final class AwsConnection {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** The longest one call may take, retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    static final ConfigField REGION = ConfigField.of("region", FieldType.STRING).required()
            .describe("The AWS region, such as ap-southeast-2");
    static final ConfigField KEY = ConfigField.of("key", FieldType.STRING)
            .describe("The AWS access key id; empty with secret empty: the AWS SDK's default credentials");
    static final ConfigField SECRET = ConfigField.of("secret", FieldType.STRING).secret()
            .describe("The AWS secret access key that goes with key");
    static final ConfigField ENDPOINT = ConfigField.of("endpoint", FieldType.STRING)
            .describe("An http(s) URL to send requests to instead of AWS, for a compatible service; empty: AWS");

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final String region;
    /** Null when the default credentials are used, as {@link #secretKey}. */
    private final String accessKey;
    private final String secretKey;
    private final AwsCredentialsProvider credentials;
    /** Null: AWS. */
    private final URI endpoint;

    private AwsConnection(String region, String accessKey, String secretKey,
            AwsCredentialsProvider credentials, URI endpoint) {
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    /**
     * Reads the fields from the step's config (evaluated).
     *
     * @throws DataflowException when the region or endpoint is malformed, or only one of key and secret is given
     */
    static AwsConnection of(StepContext ctx) {
        String region = ctx.config().optionalString(REGION.name()).orElse("").strip();
        regionProblem(region).ifPresent(p -> {
            throw new DataflowException(p);
        });
        Optional<String> key = ctx.config().optionalString(KEY.name());
        Optional<String> secret = ctx.config().optionalString(SECRET.name());
        if (key.isPresent() != secret.isPresent()) {
            throw new DataflowException(credentialsProblem());
        }
        AwsCredentialsProvider credentials = key.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(key.get(), secret.get()))
                : DefaultCredentialsProvider.builder().build();
        URI endpoint = null;
        Optional<String> url = ctx.config().optionalString(ENDPOINT.name());
        if (url.isPresent()) {
            endpoint = endpoint(url.get()).orElseThrow(() -> new DataflowException(endpointProblem()));
        }
        return new AwsConnection(region, key.orElse(null), secret.orElse(null), credentials, endpoint);
    }

    /** Whether {@code other} connects to the same place as the same user: a client of one serves the other. */
    boolean sameAs(AwsConnection other) {
        return region.equals(other.region) && Objects.equals(accessKey, other.accessKey)
                && Objects.equals(secretKey, other.secretKey) && Objects.equals(endpoint, other.endpoint);
    }

    /**
     * A new HTTP client with the connection and read timeouts, whose requests in flight a cancelled run aborts.
     * The SDK client it is given to does not close it: close it after that client.
     */
    static AbortableHttpClient httpClient() {
        return new AbortableHttpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build());
    }

    /** The region's name. */
    String region() {
        return region;
    }

    /** Where requests go: the endpoint's URL, or {@code AWS}. */
    String endpointName() {
        return endpoint == null ? "AWS" : endpoint.toString();
    }

    /** Sets region, credentials, endpoint, the HTTP client ({@link #httpClient()}) and timeouts on a client builder. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, SdkHttpClient http) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        builder.httpClient(http);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /**
     * Reports, before a run, what can be seen in the static values: a malformed region or endpoint, and a key
     * without a secret or a secret without a key.
     */
    static void validate(StepValidation validation) {
        Object region = validation.config().get(REGION.name());
        if (region instanceof String && !((String) region).isEmpty() && validation.isStatic(REGION.name())) {
            regionProblem(((String) region).strip()).ifPresent(p -> validation.problem(REGION.name(), p));
        }
        boolean key = isSet(validation.config().get(KEY.name()));
        boolean secret = isSet(validation.config().get(SECRET.name()));
        if (key != secret && validation.isStatic(KEY.name()) && validation.isStatic(SECRET.name())) {
            validation.problem(key ? SECRET.name() : KEY.name(), credentialsProblem());
        }
        Object endpoint = validation.config().get(ENDPOINT.name());
        if (endpoint instanceof String && !((String) endpoint).isEmpty() && validation.isStatic(ENDPOINT.name())
                && endpoint((String) endpoint).isEmpty()) {
            validation.problem(ENDPOINT.name(), endpointProblem());
        }
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof String && ((String) value).isEmpty());
    }

    private static Optional<String> regionProblem(String region) {
        if (region.isEmpty()) {
            return Optional.of("Config 'region' is missing.");
        }
        if (!REGION_NAME.matcher(region).matches()) {
            return Optional.of("Config 'region' is invalid. It must be an AWS region name such as ap-southeast-2 "
                    + "(lower-case letters, digits and dashes).");
        }
        return Optional.empty();
    }

    private static String credentialsProblem() {
        return "Config 'key' and 'secret' go together: give both, or neither to use the AWS SDK's default "
                + "credentials.";
    }

    private static String endpointProblem() {
        return "Config 'endpoint' is invalid. It must be an http or https URL with a host, such as "
                + "http://localhost:4566.";
    }

    private static Optional<URI> endpoint(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL: reported by the caller
        }
        return Optional.empty();
    }
}
