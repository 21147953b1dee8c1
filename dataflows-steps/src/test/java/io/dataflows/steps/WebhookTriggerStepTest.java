package io.dataflows.steps;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.TriggerSpec;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code trigger_webservice}: the token the webhook server gets, kept secret, and runs a webhook starts. */
class WebhookTriggerStepTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder()
            .secretProvider(SecretProvider.of(Map.of("hook_token", "t0k3n-from-vault"))).build();

    private static Dataflow flow(StepDefinition trigger) {
        return Dataflow.builder("hooked")
                .step("hook", trigger)
                .step("use", StepSpec.of(TestConnector.ID).with("value", "${{ run.trigger.payload.courseid }}"))
                .dependsOn("hook")
                .build();
    }

    @Test
    void theSchedulerGetsTheTokenResolvedFromTheSecretProvider() {
        TriggerSpec spec = engine.trigger(flow(Steps.webhookTrigger("${{ secrets.hook_token }}"))).orElseThrow();

        assertThat(spec).isEqualTo(new TriggerSpec.Webhook("hook", Optional.of("t0k3n-from-vault")));
        assertThat(spec.toString()).isEqualTo("Webhook[step=hook, token=(set)]").doesNotContain("t0k3n");
    }

    @Test
    void aTokenWrittenInTheDefinitionIsUsedAsItIsAndNoTokenMeansNone() {
        assertThat(engine.trigger(flow(Steps.webhookTrigger("plain-token"))))
                .contains(new TriggerSpec.Webhook("hook", Optional.of("plain-token")));
        assertThat(engine.trigger(flow(Steps.webhookTrigger())))
                .contains(new TriggerSpec.Webhook("hook", Optional.empty()));
        assertThat(engine.trigger(flow(Steps.webhookTrigger().with("token", ""))))
                .contains(new TriggerSpec.Webhook("hook", Optional.empty()));
    }

    @Test
    void anUnknownSecretIsReportedWithoutItsText() {
        Dataflow flow = flow(Steps.webhookTrigger("${{ secrets.nowhere }}"));

        assertThat(engine.validate(flow).problems()).isEmpty();
        assertThatThrownBy(() -> engine.trigger(flow)).isInstanceOf(DataflowException.class)
                .hasMessage("Cannot read the trigger of dataflow 'hooked': Cannot evaluate the secret value: it reads "
                        + "a variable that does not exist (secret: its text is not shown) (step 'hook', field "
                        + "'config.token')");
    }

    @Test
    void theTokenIsRedactedInExportsAndRunStates() {
        Dataflow flow = flow(Steps.webhookTrigger("plain-token"));

        String yaml = Definitions.toYaml(flow, engine.registry());
        RunResult r = engine.run(flow);

        assertThat(yaml).contains("token: '*****'").doesNotContain("plain-token");
        assertThat(r.variable("steps.hook.config.token")).contains("*****");
        assertThat(r.variables().toString()).doesNotContain("plain-token");
    }

    @Test
    void aRunAWebhookStartsSeesThePayloadAndTheTriggerDoesNothing() {
        RunResult r = engine.run(flow(Steps.webhookTrigger("${{ secrets.hook_token }}")), RunOptions.builder()
                .trigger(Trigger.WEBHOOK, Map.of("payload", map("courseid", 42L))).build());

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.step("hook").status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.use.value")).contains(42L);
        assertThat(r.variable("run.trigger")).contains(map("type", "webhook", "payload", map("courseid", 42L)));
        assertThat(engine.stateStore().runs("hooked").get(0).trigger()).isEqualTo("webhook");
    }
}
