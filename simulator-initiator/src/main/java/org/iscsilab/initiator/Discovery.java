package org.iscsilab.initiator;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;

/** SendTargets discovery (RFC 7143 §13.3, Appendix C) in a discovery session. */
public final class Discovery {
  private Discovery() {}

  /**
   * A target the portal reported.
   *
   * @param name      TargetName
   * @param addresses TargetAddress values ("host:port,tpgt")
   */
  public record DiscoveredTarget(String name, List<String> addresses) {
    public DiscoveredTarget {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * What discovery found, and the rules the target broke on the way (the exchange went on).
   *
   * @param targets          the targets reported
   * @param targetViolations e.g. ExpCmdSN advanced for the immediate Text Request
   */
  public record Result(List<DiscoveredTarget> targets, List<String> targetViolations) {
    public Result {
      targets = List.copyOf(targets);
      targetViolations = List.copyOf(targetViolations);
    }
  }

  /** Logs in for discovery, asks SendTargets=All, logs out. */
  public static List<DiscoveredTarget> sendTargets(String host, int port, LoginSpec spec, Duration timeout) {
    return run(host, port, spec, timeout).targets();
  }

  /** {@link #sendTargets}, with what the target did wrong. */
  public static Result run(String host, int port, LoginSpec spec, Duration timeout) {
    return run(host, port, spec, timeout, null);
  }

  /** {@link #run(String, int, LoginSpec, Duration)} with the connection's bytes shown to {@code tap} (or none). */
  public static Result run(String host, int port, LoginSpec spec, Duration timeout, ConnectionTap tap) {
    List<String> violations = new ArrayList<>();
    try (IscsiConnection conn = IscsiConnection.connect(host, port, timeout, null, false, tap)) {
      LoginOutcome o = conn.login(spec.withTimeout(timeout));
      int expStatSN = o.statSN() + 1;
      int itt = 1;
      int ttt = Pdu.RESERVED_TAG;
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      DataSegment request = DataSegment.ofText("SendTargets=All\0");
      while (true) {
        // RFC 7143 §11.10: immediate, so CmdSN is not advanced.
        conn.send(new TextRequest(true, true, false, 0, itt, ttt, o.cmdSN(), expStatSN, request));
        Pdu p = conn.receive(timeout, "Text Request SendTargets=All", Awaited.TEXT_RESPONSE);
        if (p instanceof Reject r) {
          throw new TargetProtocolException("RFC 7143 §11.17", "the target rejected SendTargets: " + r.reason());
        }
        if (!(p instanceof TextResponse r)) {
          throw new TargetProtocolException("RFC 7143 §11.11", "expected a Text Response to SendTargets, got "
              + PduSummary.of(p));
        }
        expStatSN = r.statSN() + 1;
        if (r.expCmdSN() != o.cmdSN()) {
          // RFC 7143 §4.2.2.1: an immediate command does not advance CmdSN, so ExpCmdSN stays put.
          violations.add("ExpCmdSN is " + Integer.toUnsignedString(r.expCmdSN()) + " in the Text Response to the "
              + "immediate SendTargets with CmdSN " + Integer.toUnsignedString(o.cmdSN())
              + ": the target advanced CmdSN for an immediate command (RFC 7143 §4.2.2.1)");
        }
        byte[] d = r.data().toByteArray();
        text.write(d, 0, d.length);
        if (!r.continueFlag()) {
          break;
        }
        // RFC 7143 §11.10.4: ask for the rest with an empty request carrying the target's TTT.
        ttt = r.targetTransferTag();
        request = DataSegment.EMPTY;
      }
      List<DiscoveredTarget> out = parse(text.toByteArray());
      conn.send(new LogoutRequest(true, LogoutReason.CLOSE_SESSION, 2, o.cid(), o.cmdSN(), expStatSN));
      try {
        Pdu p = conn.receive(timeout, "Logout Request", Awaited.LOGOUT_RESPONSE);
        if (!(p instanceof LogoutResponse)) {
          throw new TargetProtocolException("RFC 7143 §11.15", "expected a Logout Response, got " + PduSummary.of(p));
        }
      } catch (ConnectionLostException e) {
        // the target may close right after the response; the targets are what matters here
      }
      return new Result(out, violations);
    }
  }

  static List<DiscoveredTarget> parse(byte[] text) {
    List<KeyValue> keys;
    try {
      keys = TextCodec.decode(text);
    } catch (TextFormatException e) {
      throw new TargetProtocolException("RFC 7143 §6.1", "malformed SendTargets response: " + e.getMessage());
    }
    List<DiscoveredTarget> out = new ArrayList<>();
    String name = null;
    List<String> addresses = new ArrayList<>();
    for (KeyValue kv : keys) {
      if (kv.key().equals("TargetName")) {
        if (name != null) {
          out.add(new DiscoveredTarget(name, addresses));
        }
        name = kv.value();
        addresses = new ArrayList<>();
      } else if (kv.key().equals("TargetAddress") && name != null) {
        addresses.add(kv.value());
      }
    }
    if (name != null) {
      out.add(new DiscoveredTarget(name, addresses));
    }
    return out;
  }
}
