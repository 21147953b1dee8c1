package io.dataflows.scheduler.internal;

import io.dataflows.CronSchedule;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.Step;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.SkipReason;
import io.dataflows.scheduler.internal.ConditionLog.Condition;
import io.dataflows.spi.TriggerStep;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A registered version of a dataflow, as the scheduler reads it once: its trigger, and whether triggers may start
 * it.
 *
 * <p>The trigger of an invalid dataflow cannot be asked of the engine; it is read from the trigger step directly
 * when its own config allows, or else kept from the version registered before. So an invalid flow that was
 * scheduled stays on its schedule (every firing skipped) and a webhook caller still needs its token.
 *
 * @param flow the definition
 * @param options the options of its triggered runs (the trigger and its details are added per run)
 * @param trigger what starts it, or null when it has no trigger (or one that cannot be read)
 * @param condition whether triggers start it
 * @param problems the problems of an invalid dataflow, else empty
 * @param warnings the warnings of a valid dataflow on one line (it runs all the same), else empty
 */
public record Registration(Dataflow flow, RunOptions options, @Nullable TriggerSpec trigger, Condition condition,
        String problems, String warnings) {

    /**
     * Reads {@code flow}, whose triggered runs get {@code options}, with {@code engine}; {@code previous} is the
     * version it replaces, or null. The engine reads the trigger, validating the dataflow with the options.
     */
    public static Registration of(DataflowEngine engine, Dataflow flow, RunOptions options,
            @Nullable Registration previous) {
        Condition ready = flow.isEnabled() ? Condition.READY : Condition.DISABLED;
        try {
            TriggerSpec trigger = engine.trigger(flow, options).orElse(null);
            String warnings = engine.validate(flow, options).warnings().stream().map(Problem::toString)
                    .collect(Collectors.joining("; "));
            return new Registration(flow, options, trigger, ready, "", warnings);
        } catch (DataflowValidationException e) {
            TriggerSpec trigger = readDirectly(engine, flow);
            if (trigger == null && previous != null) {
                trigger = previous.trigger();
            }
            return new Registration(flow, options, trigger, Condition.INVALID, problems(e), "");
        } catch (RuntimeException e) {
            return unreadable(flow, options, previous, e);
        }
    }

    /**
     * The trigger step failed on a config that validation passed: a defect of that step type, reported as a problem
     * of the dataflow so that the scheduler goes on with the others.
     */
    private static Registration unreadable(Dataflow flow, RunOptions options, @Nullable Registration previous,
            RuntimeException e) {
        return new Registration(flow, options, previous == null ? null : previous.trigger(), Condition.INVALID,
                "Dataflow '" + flow.name() + "': its trigger step could not be read: " + e.getMessage(), "");
    }

    /** The problems of an invalid dataflow on one line: {@code <alias>: <message>; ...}. */
    public static String problems(DataflowValidationException e) {
        return e.report() == null ? e.getMessage()
                : e.report().problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /**
     * The trigger of an invalid dataflow's first trigger step, read from its config as written (values that hold
     * expressions are not evaluated); null when there is none or the step cannot read its config. Only what the
     * trigger is matters here (a schedule to keep skipping, a webhook to answer 409 for): no run ever starts from it.
     */
    private static @Nullable TriggerSpec readDirectly(DataflowEngine engine, Dataflow flow) {
        for (Step step : flow.steps()) {
            if (engine.registry().find(step.type()).orElse(null) instanceof TriggerStep t) {
                try {
                    return t.trigger(step.alias(), step.config(), java.time.ZoneOffset.UTC);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The dataflow's name. */
    public String name() {
        return flow.name();
    }

    /** The cron trigger, or null. */
    public TriggerSpec.@Nullable Cron cron() {
        return trigger instanceof TriggerSpec.Cron c ? c : null;
    }

    /** The event trigger, or null. */
    public TriggerSpec.@Nullable Event event() {
        return trigger instanceof TriggerSpec.Event e ? e : null;
    }

    /** The webhook trigger, or null. */
    public TriggerSpec.@Nullable Webhook webhook() {
        return trigger instanceof TriggerSpec.Webhook w ? w : null;
    }

    /** Why a trigger must not start this version, or null when it may. */
    public @Nullable SkipReason refusal() {
        return switch (condition) {
            case READY -> null;
            case DISABLED -> SkipReason.DISABLED;
            case INVALID -> SkipReason.INVALID;
        };
    }

    /** What a skipped trigger says of this version. */
    public String refusalMessage() {
        return switch (condition) {
            case READY -> "Dataflow '" + name() + "' is ready.";
            case DISABLED -> "Dataflow '" + name() + "' is disabled.";
            case INVALID -> "Dataflow '" + name() + "' is invalid.";
        };
    }

    /**
     * What identifies a cron schedule on the timer: its expression and zone. A registration whose fingerprint
     * equals the one the timer holds keeps the timer's next firing (another scheduler of a cluster, or a restart,
     * registered the same schedule).
     */
    public static String fingerprint(CronSchedule schedule) {
        return schedule.expression() + " @ " + schedule.zone().getId();
    }
}
