package io.dataflows.aws.internal;

import io.dataflows.Effect;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@code connector_sns_notify}: publishes {@code message} to the Amazon SNS topic {@code topic} and publishes the
 * message's id as {@code messageid}. A topic given by ARN ({@code arn:aws:sns:...}) is published to directly; a
 * topic given by name is first created (CreateTopic returns the existing topic's ARN when there is one), as
 * tool_dataflows did. One client per run, closed afterwards. A dry run sends nothing: it logs
 * {@code Skip SNS notification as this is a dry run.} and reports {@code would publish to SNS topic <topic>}.
 *
 * <p>Unlike tool_dataflows, which cancelled the step and let the run end aborted without saying why, any error —
 * no credentials, no connection, an error from AWS — fails the step with the topic, the region, and AWS's error
 * code and message. See docs/aws.md.
 */
public final class SnsNotifyStep implements ConnectorStep {

    private static final Logger log = LoggerFactory.getLogger(SnsNotifyStep.class);

    /** An SNS topic name: letters, digits, {@code -} and {@code _}, at most 256, {@code .fifo} for FIFO topics. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:.*");

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(AwsConnection.REGION)
            .field(AwsConnection.KEY)
            .field(AwsConnection.SECRET)
            .field(ConfigField.of("topic", FieldType.STRING).required()
                    .describe("The topic: its ARN (arn:aws:sns:...), or its name, created when it does not exist"))
            .field(ConfigField.of("message", FieldType.STRING).required()
                    .describe("The message to publish (a template)"))
            .field(AwsConnection.ENDPOINT)
            .build();

    private static final Map<String, String> OUTPUTS = Map.of("messageid",
            "The id SNS gave the published message (null in a dry run)");

    @Override
    public String id() {
        return "connector_sns_notify";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "AWS-SNS Notification";
    }

    @Override
    public String description() {
        return "Publishes a message to an Amazon SNS topic, given by ARN or by name (created when missing); "
                + "skipped in dry runs.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public void validate(StepValidation validation) {
        AwsConnection.validate(validation);
        Object topic = validation.config().get("topic");
        if (topic instanceof String && !((String) topic).isEmpty() && validation.isStatic("topic")) {
            topicProblem(((String) topic).strip()).ifPresent(p -> validation.problem("topic", p));
        }
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        AwsConnection connection = AwsConnection.of(ctx);
        String topic = ctx.config().optionalString("topic").orElse("").strip();
        topicProblem(topic).ifPresent(p -> {
            throw new io.dataflows.DataflowException(p);
        });
        String message = ctx.config().optionalString("message").orElse("");
        if (ctx.isDryRun()) {
            log.info("Skip SNS notification as this is a dry run.");
        }
        String[] messageId = {null};
        ctx.effects().perform(Effect.Kind.SEND, topic, "publish to SNS topic " + topic, () -> {
            log.info("Sending SNS notification to topic \"{}\". Message follows.", topic);
            log.debug("{}", message);
            messageId[0] = publish(ctx, connection, topic, message);
        });
        ctx.output("messageid", messageId[0]);
        return Outcome.CONTINUE;
    }

    private static String publish(StepContext ctx, AwsConnection connection, String topic, String message) {
        try (AbortableHttpClient http = AwsConnection.httpClient();
                CancelRegistration cancel = ctx.onCancel(http::abortAll);
                SnsClient sns = connection.configure(SnsClient.builder(), http).build()) {
            String arn = TOPIC_ARN.matcher(topic).matches() ? topic
                    : sns.createTopic(b -> b.name(topic)).topicArn();
            return sns.publish(b -> b.topicArn(arn).message(message)).messageId();
        } catch (SdkException e) {
            throw AwsFailure.of(ctx, "SNS notification to topic \"" + topic + "\" in region "
                    + connection.region(), e);
        }
    }

    private static java.util.Optional<String> topicProblem(String topic) {
        if (topic.isEmpty()) {
            return java.util.Optional.of("Config 'topic' is missing.");
        }
        if (!TOPIC_ARN.matcher(topic).matches() && !TOPIC_NAME.matcher(topic).matches()) {
            return java.util.Optional.of("Config 'topic' is invalid. It must be a topic ARN (arn:aws:sns:...) or "
                    + "a topic name of up to 256 letters, digits, '-' and '_'.");
        }
        return java.util.Optional.empty();
    }
}
