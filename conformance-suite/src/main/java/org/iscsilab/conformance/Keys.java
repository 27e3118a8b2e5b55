package org.iscsilab.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;
import org.opentest4j.AssertionFailedError;

/** key=value data segments of login and text PDUs (RFC 7143 §6.1), for hand-made PDUs. */
public final class Keys {

  private Keys() {}

  /** {@code Keys.of("InitiatorName", iqn, "SessionType", "Normal")}: pairs in order. */
  public static DataSegment of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    List<KeyValue> kv = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      kv.add(KeyValue.of(keysAndValues[i], keysAndValues[i + 1]));
    }
    return of(kv);
  }

  public static DataSegment of(List<KeyValue> pairs) {
    return DataSegment.wrap(TextCodec.encode(pairs));
  }

  /**
   * The keys the target sent in {@code pdu}; a key sent twice keeps its last value.
   *
   * @throws AssertionFailedError if the data segment is not valid key=value text
   */
  public static Map<String, String> of(Pdu pdu) {
    Map<String, String> m = new LinkedHashMap<>();
    for (KeyValue kv : list(pdu)) {
      m.put(kv.key(), kv.value());
    }
    return m;
  }

  /** The pairs in order, duplicates kept. */
  public static List<KeyValue> list(Pdu pdu) {
    if (pdu.data().isEmpty()) {
      return List.of();
    }
    try {
      return TextCodec.decode(pdu.data().toByteArray());
    } catch (TextFormatException e) {
      throw new AssertionFailedError("the target's " + pdu.opcode().name() + " carries malformed key=value text "
          + "(RFC 7143 §6.1): " + e.getMessage());
    }
  }
}
