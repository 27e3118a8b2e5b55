package org.iscsilab.conformance.negotiation;

import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.ValueSyntax;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random valid operational-stage offers, drawn from the key registry's ranges, answered by the
 * target: every answer must follow its key's result function, whatever else is in the batch
 * (RFC 7143 §6.2.1, §6.2.2, §13.14). A bounded number of logins; QuickTheories prints the seed of
 * a falsifying batch and shrinks it.
 */
@Area(ProtocolArea.NEGOTIATION)
class NegotiationPropertyTest {

  /** Logins per run: each example is one login; shrinking adds at most {@link #SHRINK_CYCLES}. */
  private static final int EXAMPLES = 20;
  private static final int SHRINK_CYCLES = 20;

  private static Gen<String> values(KeyDefinition d) {
    if (d.syntax() == ValueSyntax.NUMBER) {
      return Generate.longRange(d.min(), d.max()).map(n -> Long.toString(n));
    }
    if (d.syntax() == ValueSyntax.BOOLEAN) {
      return Generate.pick(List.of("Yes", "No"));
    }
    if (d.name().equals(IscsiKeys.TASK_REPORTING)) {
      return Generate.pick(List.of("RFC3720", "ResponseFence,RFC3720", "FastAbort,ResponseFence,RFC3720"));
    }
    return Generate.pick(List.of("None", "CRC32C,None", "None,CRC32C", "CRC32C"));
  }

  /** A batch: each negotiated key present or not, FirstBurstLength kept at or below MaxBurstLength. */
  static Gen<List<KeyValue>> batches() {
    Gen<List<KeyValue>> acc = Generate.constant(List::of);
    for (KeyDefinition d : Answers.negotiatedLoginKeys()) {
      Gen<Optional<KeyValue>> one = values(d).map(v -> KeyValue.of(d.name(), v)).toOptionals(45);
      acc = acc.zip(one, (list, kv) -> {
        List<KeyValue> out = new ArrayList<>(list);
        kv.ifPresent(out::add);
        return out;
      });
    }
    return acc.map(NegotiationPropertyTest::legalise).describedAs(List::toString);
  }

  /** RFC 7143 §13.14: an initiator must not offer FirstBurstLength above its MaxBurstLength. */
  private static List<KeyValue> legalise(List<KeyValue> batch) {
    Map<String, String> m = new LinkedHashMap<>();
    batch.forEach(kv -> m.put(kv.key(), kv.value()));
    String mbl = m.getOrDefault(IscsiKeys.MAX_BURST_LENGTH, "262144");
    String fbl = m.get(IscsiKeys.FIRST_BURST_LENGTH);
    if (fbl != null && Long.parseLong(fbl) > Long.parseLong(mbl)) {
      m.put(IscsiKeys.FIRST_BURST_LENGTH, mbl);
    }
    List<KeyValue> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(KeyValue.of(k, v)));
    return out;
  }

  @Test
  @Clause(value = "RFC 7143 §6.2.2", level = Level.MUST)
  void answersRandomLegalOffersByTheirResultFunctions(ConformanceContext ctx) {
    try {
      qt().withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES).forAll(batches())
          .checkAssert(batch -> judge(ctx, batch));
    } catch (AssertionError e) {
      throw new AssertionFailedError(diagnosis(e.getMessage()), e);
    }
  }

  /**
   * QuickTheories' report in one line: the cause's message (which names the falsifying batch of
   * offers, shrunk), the seed and how many examples it took, without the embedded stack trace.
   */
  static String diagnosis(String report) {
    if (report == null) {
      return "a random legal offer was answered against its result function";
    }
    String head = report.lines().findFirst().orElse("").strip();
    String cause = after(report, "AssertionFailedError: ").lines().findFirst().orElse("").strip();
    java.util.regex.Matcher seed = java.util.regex.Pattern.compile("Seed was (-?[0-9]+)").matcher(report);
    return (cause.isEmpty() ? head : cause) + " [" + head + (seed.find() ? ", QuickTheories seed " + seed.group(1) : "")
        + "]";
  }

  private static String after(String s, String start) {
    int i = s.indexOf(start);
    return i < 0 ? "" : s.substring(i + start.length());
  }

  private static void judge(ConformanceContext ctx, List<KeyValue> batch) {
    LoginFlow.LoggedIn s;
    try {
      s = LoginFlow.normal(ctx, batch);
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused a login offering only legal values " + batch + ": "
          + e.response().status());
    } catch (IOException e) {
      throw new AssertionFailedError("cannot connect: " + e.getMessage(), e);
    }
    try {
      for (KeyValue kv : batch) {
        Optional<String> problem = Answers.problemWithAnswerToLegalOffer(IscsiKeys.definition(kv.key()), kv.value(),
            s.answers().get(kv.key()));
        if (problem.isPresent()) {
          throw new AssertionFailedError(problem.get() + " (offered together with " + batch + ")");
        }
      }
      OptionalLong mbl = TextValues.parseNumber(s.answers().getOrDefault(IscsiKeys.MAX_BURST_LENGTH, "x"));
      OptionalLong fbl = TextValues.parseNumber(s.answers().getOrDefault(IscsiKeys.FIRST_BURST_LENGTH, "x"));
      if (mbl.isPresent() && fbl.isPresent() && fbl.getAsLong() > mbl.getAsLong()) {
        throw new AssertionFailedError("agreed FirstBurstLength=" + fbl.getAsLong() + " above MaxBurstLength="
            + mbl.getAsLong() + " for the offers " + batch + " (RFC 7143 §13.14)");
      }
    } finally {
      s.connection().close();
    }
  }
}
