package org.iscsilab.conformance.proof;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.iscsilab.conformance.SuiteRunner;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirk;
import org.junit.platform.engine.DiscoverySelector;

/**
 * Runs chosen conformance tests through {@link SuiteRunner} against the reference target started
 * here, with or without a quirk: the suite judging a target that breaks exactly one rule.
 */
final class LoginProofRuns {

  static final String USER = "suiteuser";
  static final String SECRET = "suitesecret1234";

  private LoginProofRuns() {}

  /** The key=value pairs of a data segment the reference target wrote (always valid text). */
  static List<org.iscsilab.protocol.text.KeyValue> keys(org.iscsilab.protocol.pdu.DataSegment d) {
    try {
      return org.iscsilab.protocol.text.TextCodec.decode(d.toByteArray());
    } catch (org.iscsilab.protocol.text.TextFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A conformance test method: {@code login.LoginSessionTest#name(params…)}, the parameter types simple names. */
  static DiscoverySelector test(String classInArea, String method, String... parameterTypes) {
    String params = String.join(",", Arrays.stream(parameterTypes).map(p -> switch (p) {
      case "ctx" -> "org.iscsilab.conformance.ConformanceContext";
      case "String" -> "java.lang.String";
      default -> p;
    }).toList());
    return selectMethod("org.iscsilab.conformance." + classInArea + "#" + method + "(" + params + ")");
  }

  /** Runs {@code selectors} against a reference target built by {@code tune} (quirks, CHAP). */
  static List<CaseResult> run(UnaryOperator<IscsiTarget.Builder> tune, boolean chapInUrl, DiscoverySelector... selectors)
      throws Exception {
    return run(tune, chapInUrl, "", selectors);
  }

  /** As above, with a URL query such as {@code ?target_user=…&target_password=…} (mutual CHAP). */
  static List<CaseResult> run(UnaryOperator<IscsiTarget.Builder> tune, boolean chapInUrl, String query,
      DiscoverySelector... selectors) throws Exception {
    IscsiTarget t = tune.apply(IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"))).start();
    try {
      InetSocketAddress a = t.address();
      String url = "iscsi://" + (chapInUrl ? USER + "%" + SECRET + "@" : "") + "127.0.0.1:" + a.getPort() + "/"
          + IscsiTarget.DEFAULT_IQN + "/0" + query;
      SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(url)
          .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(2)).withSelectors(List.of(selectors)), null);
      return o.summary().results();
    } finally {
      t.close();
    }
  }

  static List<CaseResult> run(Quirk quirk, DiscoverySelector... selectors) throws Exception {
    return run(b -> quirk == null ? b : b.quirk(quirk), false, selectors);
  }
}
