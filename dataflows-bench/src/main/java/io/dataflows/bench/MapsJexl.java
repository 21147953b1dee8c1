package io.dataflows.bench;

import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/** (2b) Hand-written Java over maps, the three rules as JEXL expressions parsed once. */
final class MapsJexl extends MapsSupport {

    private final JexlExpression keep;
    private final JexlExpression grade;
    private final JexlExpression label;
    private final MapContext context = new MapContext();

    MapsJexl() {
        JexlEngine jexl = new JexlBuilder().permissions(JexlPermissions.RESTRICTED).strict(true).silent(false)
                .cache(64).create();
        keep = jexl.createExpression("record.score >= 50");
        grade = jexl.createExpression("record.score >= 90 ? 'A' : 'B'");
        label = jexl.createExpression("record.name + '@' + record.country.toUpperCase()");
    }

    private JexlContext with(Map<String, Object> record) {
        context.set("record", record);
        return context;
    }

    @Override
    boolean keep(Map<String, Object> record) {
        return (Boolean) keep.evaluate(with(record));
    }

    @Override
    Object grade(Map<String, Object> record) {
        return grade.evaluate(with(record));
    }

    @Override
    Object label(Map<String, Object> record) {
        return label.evaluate(with(record));
    }

    @Override
    String name() {
        return "maps-jexl";
    }
}
