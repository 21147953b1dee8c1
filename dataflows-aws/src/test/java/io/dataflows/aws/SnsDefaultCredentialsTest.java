package io.dataflows.aws;

import static io.dataflows.aws.SnsNotifyStepTest.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Without key and secret, connector_sns_notify signs with the AWS SDK's default credentials, here the system
 * properties aws.accessKeyId and aws.secretAccessKey. Sets system properties: no other test may run meanwhile.
 */
@Isolated
class SnsDefaultCredentialsTest {

    @Test
    void withoutKeyAndSecretTheSdksDefaultCredentialsSign() throws IOException {
        String key = System.setProperty("aws.accessKeyId", "AKIDFROMPROPERTIES");
        String secret = System.setProperty("aws.secretAccessKey", "secret-from-properties");
        try (FakeSnsServer sns = new FakeSnsServer(REGION)) {
            RunResult result = new TestKit().builder().build().run(Dataflow.builder("defaults")
                    .step("notify", StepSpec.of("connector_sns_notify").with("region", REGION)
                            .with("endpoint", sns.endpoint()).with("topic", sns.arn("alerts"))
                            .with("message", "signed by default"))
                    .build());

            assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(sns.requests()).singleElement().satisfies(r -> assertThat(r.authorization())
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMPROPERTIES/"));
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
