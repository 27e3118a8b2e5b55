package org.iscsilab.testfixtures.text;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.KeyType;
import org.iscsilab.protocol.negotiation.KeyUse;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for valid offers of the RFC 7143 operational keys. */
public final class NegotiationGenerators {

    private NegotiationGenerators() {
    }

    /** Numerical keys negotiated in the operational stage (min and max functions). */
    public static Gen<KeyDefinition> numericalKeys() {
        return Generate.pick(IscsiKeys.all().stream()
                .filter(d -> d.type() == KeyType.NUMERICAL_MIN || d.type() == KeyType.NUMERICAL_MAX)
                .filter(d -> d.use() == KeyUse.LO)
                .filter(d -> !d.name().equals(IscsiKeys.FIRST_BURST_LENGTH))
                .toList());
    }

    /** Boolean keys (AND/OR). */
    public static Gen<KeyDefinition> booleanKeys() {
        return Generate.pick(IscsiKeys.all().stream()
                .filter(d -> d.type() == KeyType.BOOLEAN_AND || d.type() == KeyType.BOOLEAN_OR).toList());
    }

    /** A number within the key's range. */
    public static Gen<Long> inRange(KeyDefinition d) {
        return longs().between(d.min(), d.max());
    }

    /** A value in the key's range, written in decimal or 0x hex. */
    public static Gen<String> numberText(long n) {
        return booleans().all().map(hex -> hex ? "0x" + Long.toHexString(n) : Long.toString(n));
    }

    /** A non-empty ordering of a subset of {@code values}. */
    public static Gen<List<String>> subsetOrder(List<String> values) {
        return integers().between(1, (1 << values.size()) - 1).zip(longs().all(), (mask, seed) -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    l.add(values.get(i));
                }
            }
            Collections.shuffle(l, new java.util.Random(seed));
            return l;
        });
    }
}
