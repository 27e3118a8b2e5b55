package org.iscsilab.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;

/**
 * The PDUs one connection sent and received, with times relative to its opening: the evidence
 * attached to a failing test. Thread-safe.
 */
public final class PduLog implements PduExchange {

  private record Entry(long nanos, String arrow, String text) {}

  private final String title;
  private final long origin = System.nanoTime();
  private final List<Entry> entries = new ArrayList<>();

  public PduLog(String title) {
    this.title = title;
  }

  public void sent(Pdu pdu) {
    add("→", describe(pdu));
  }

  public void received(Pdu pdu) {
    add("←", describe(pdu));
  }

  /** Something other than a PDU: connect, close, a timeout. */
  public void note(String text) {
    add("·", text);
  }

  private synchronized void add(String arrow, String text) {
    entries.add(new Entry(System.nanoTime(), arrow, text));
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public synchronized String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(title).append(" (→ sent by the suite, ← sent by the target)\n");
    for (Entry e : entries) {
      sb.append(line(e)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public synchronized Optional<String> lastEvent() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(line(entries.get(entries.size() - 1)));
  }

  public synchronized int size() {
    return entries.size();
  }

  private String line(Entry e) {
    return String.format(Locale.ROOT, "%+9.3f s %s %s", (e.nanos - origin) / 1e9, e.arrow, e.text);
  }

  /**
   * One line for a PDU: the reference initiator's summary (opcode, ITT, sequence numbers, flags),
   * with the key=value text of login and text PDUs.
   */
  public static String describe(Pdu pdu) {
    String s = PduSummary.of(pdu);
    boolean text = pdu instanceof LoginRequest || pdu instanceof LoginResponse || pdu instanceof TextRequest
        || pdu instanceof TextResponse;
    if (text && !pdu.data().isEmpty()) {
      s += " keys: " + String.join(" ", pdu.data().asText().split("\0"));
    }
    return s;
  }
}
