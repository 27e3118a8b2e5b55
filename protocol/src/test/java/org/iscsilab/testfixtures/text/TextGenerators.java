package org.iscsilab.testfixtures.text;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.iscsilab.protocol.text.KeyValue;
import org.quicktheories.core.Gen;

/** QuickTheories generators for key=value text, shared with other modules' tests. */
public final class TextGenerators {

    private TextGenerators() {
    }

    /** Key names: 1..63 ASCII characters of the standard-label alphabet. */
    public static Gen<String> keys() {
        Gen<String> first = integers().between('A', 'Z').map(c -> String.valueOf((char) c.intValue()));
        Gen<String> rest = strings().betweenCodePoints('a', 'z').ofLengthBetween(0, 62);
        return first.zip(rest, (a, b) -> a + b);
    }

    /** Values: any Unicode text without NUL, up to 300 code points (exercising > 255 bytes too). */
    public static Gen<String> values() {
        return strings().betweenCodePoints(1, 0x10FFFF)
                .ofLengthBetween(0, 300)
                .map(s -> s.codePoints()
                        .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }

    /** Lists of 1..20 pairs. */
    public static Gen<List<KeyValue>> pairLists() {
        return lists().of(keys().zip(values(), KeyValue::new)).ofSizeBetween(1, 20);
    }
}
