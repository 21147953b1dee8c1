package io.dataflows.steps.internal.host;

import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.HostCall;
import io.dataflows.HostFunctions;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepValidation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Calls the application's {@link io.dataflows.HostFunction}s for one step in one run. A function registered as
 * read-only is called in dry runs too; any other function is skipped in a dry run and reported as the effect
 * {@code would call host function <name>} (once per function and step, however many records reach it), and the
 * call's result is null.
 */
final class HostFunctionCaller {

    private final StepContext ctx;
    private final Set<String> reported = new HashSet<>();

    HostFunctionCaller(StepContext ctx) {
        this.ctx = ctx;
    }

    /** A function that threw: the step fails or skips the record, as its config says. */
    static final class CallFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Calls {@code function} with {@code parameters}, or skips it in a dry run when it is not read-only.
     *
     * @param user the user the function is asked to act as, or null
     * @return the function's result in the engine's values; null when the call was skipped
     * @throws DataflowException when no function of that name is registered, or its result is not a JSON-like value
     * @throws CallFailure when the function threw: {@code Host function '<name>' failed: <message>}
     * @throws InterruptedException when the function was interrupted (the run is being cancelled)
     */
    Object call(String function, Map<String, Object> parameters, String user) throws Exception {
        HostFunctions functions = ctx.hostFunctions();
        if (!functions.contains(function)) {
            throw new DataflowException(notRegistered(function, functions));
        }
        HostCall call = new HostCall(function, parameters, user, ctx.dataflowName(), ctx.stepAlias(), ctx.runId());
        if (functions.isReadOnly(function)) {
            return invoke(functions, call);
        }
        Object[] result = {null};
        if (!ctx.isDryRun() || reported.add(function)) {
            ctx.effects().perform(Effect.Kind.REQUEST, function, "call host function " + function,
                    () -> result[0] = invoke(functions, call));
        }
        return result[0];
    }

    private Object invoke(HostFunctions functions, HostCall call) throws Exception {
        Object value;
        try {
            value = functions.call(call);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName() : e.getMessage();
            throw new CallFailure(ctx.redact("Host function '" + call.function() + "' failed: " + message), e);
        }
        return HostResult.normalize(value, call.function());
    }

    /**
     * Reports {@code function} on {@code field} (null: the step) when the name is static and no function of that
     * name is registered; a name from an expression is checked when the step runs.
     */
    static void validate(StepValidation validation, String field, Object function) {
        if (function instanceof String && !((String) function).isEmpty()
                && (field == null || validation.isStatic(field))
                && !validation.hostFunctions().contains((String) function)) {
            validation.problem(field, notRegistered((String) function, validation.hostFunctions()));
        }
    }

    /** The message for a function name that is not registered, saying which are or how to register one. */
    static String notRegistered(String function, HostFunctions functions) {
        return "Host function '" + function + "' is not registered. " + (functions.names().isEmpty()
                ? "The engine has no host functions: register them with DataflowEngine.builder()"
                        + ".hostFunction(name, function) or .readOnlyHostFunction(name, function)."
                : "Registered: " + String.join(", ", functions.names()) + ".");
    }
}
