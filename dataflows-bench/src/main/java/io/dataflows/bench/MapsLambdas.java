package io.dataflows.bench;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** (2a) Hand-written Java over maps, the three rules as lambdas. */
final class MapsLambdas extends MapsSupport {

    private final Predicate<Map<String, Object>> keep =
            r -> Integer.parseInt((String) r.get("score")) >= 50;
    private final Function<Map<String, Object>, Object> grade =
            r -> Integer.parseInt((String) r.get("score")) >= 90 ? "A" : "B";
    private final Function<Map<String, Object>, Object> label =
            r -> r.get("name") + "@" + ((String) r.get("country")).toUpperCase(Locale.ROOT);

    @Override
    boolean keep(Map<String, Object> record) {
        return keep.test(record);
    }

    @Override
    Object grade(Map<String, Object> record) {
        return grade.apply(record);
    }

    @Override
    Object label(Map<String, Object> record) {
        return label.apply(record);
    }

    @Override
    String name() {
        return "maps-lambdas";
    }
}
