package org.iscsilab.initiator;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.iscsilab.protocol.auth.ChapInitiatorAuthenticator;
import org.iscsilab.protocol.auth.ChapState;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationException;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.Role;
import org.iscsilab.protocol.negotiation.Stage;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;
import org.iscsilab.protocol.text.TextValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one login over a connection in raw mode (RFC 7143 §6.3): security stage (None or CHAP,
 * one-way or mutual), operational stage with every key of the profile, full feature phase. The
 * negotiation itself is the shared engine's. The framing switch (digests, segment lengths) is made
 * on the event loop the moment the final Login Response is decoded, so that the very next PDU is
 * framed by the negotiated rules.
 */
final class LoginDriver {

  private static final Logger LOG = LoggerFactory.getLogger(LoginDriver.class);

  private LoginDriver() {}

  static LoginOutcome login(IscsiConnection conn, LoginSpec spec) {
    FramingSwitch framing = new FramingSwitch(conn, ourMaxRecv(spec));
    conn.loginResponseHook(framing::onLoginResponse);
    try {
      return run(conn, spec);
    } finally {
      conn.loginResponseHook(null);
    }
  }

  private static int ourMaxRecv(LoginSpec spec) {
    return (int) spec.profile().value(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH)
        .map(TextValues::parseNumber).orElse(OptionalLong.of(8192)).orElse(8192);
  }

  private static LoginOutcome run(IscsiConnection conn, LoginSpec spec) {
    String target = spec.targetName().orElse("(discovery)");
    Negotiator neg = new Negotiator(Role.INITIATOR, spec.profile(), spec.sessionType(), Stage.SECURITY_NEGOTIATION,
        spec.leadingConnection());
    ChapInitiatorAuthenticator chap = spec.chap().isPresent()
        ? new ChapInitiatorAuthenticator(spec.chapPolicy(), spec.chap().get(), spec.mutualChap(), new SecureRandom())
        : null;
    Stage stage = Stage.SECURITY_NEGOTIATION;
    List<KeyValue> out = new ArrayList<>(neg.offers());
    List<KeyValue> targetKeys = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    int expStatSN = spec.expStatSN();
    LoginResponse last;
    int rounds = 0;
    while (true) {
      if (++rounds > 32) {
        throw new LoginFailedException("login abandoned: the target kept the login going for 32 exchanges without "
            + "reaching full feature phase (" + target + " on " + conn.portal() + ")", null);
      }
      boolean transit;
      Stage next;
      if (stage == Stage.SECURITY_NEGOTIATION) {
        transit = chap == null || chap.state() == ChapState.SUCCEEDED
            || chap.state() == ChapState.AWAITING_TARGET_RESPONSE;
        next = Stage.OPERATIONAL_NEGOTIATION;
      } else {
        transit = true;
        next = Stage.FULL_FEATURE_PHASE;
      }
      byte[] text = TextCodec.encode(out);
      List<byte[]> segments = TextCodec.split(text, 8192);
      LoginResponse resp = null;
      for (int i = 0; i < segments.size(); i++) {
        boolean more = i < segments.size() - 1;
        conn.send(request(spec, stage, next, transit && !more, more, expStatSN, segments.get(i)));
        resp = receiveLoginResponse(conn, spec, target);
        if (more && (resp.status().isSuccess() && !resp.continueFlag() && resp.data().isEmpty())) {
          continue; // RFC 7143 §11.12.2: the target acknowledges each continued PDU with an empty response
        }
      }
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      while (true) {
        if (!resp.status().isSuccess()) {
          throw LoginFailedException.refused(resp.status(), target, conn.portal());
        }
        expStatSN = resp.statSN() + 1;
        byte[] d = resp.data().toByteArray();
        data.write(d, 0, d.length);
        if (!resp.continueFlag()) {
          break;
        }
        // RFC 7143 §11.13.7: ask for the rest of a continued response with an empty request.
        conn.send(request(spec, stage, next, false, false, expStatSN, new byte[0]));
        resp = receiveLoginResponse(conn, spec, target);
      }
      last = resp;
      List<KeyValue> keys;
      try {
        keys = TextCodec.decode(data.toByteArray());
      } catch (TextFormatException e) {
        throw new LoginFailedException("login abandoned: the target's Login Response text is malformed: "
            + e.getMessage(), null);
      }
      targetKeys.addAll(keys);
      if (!spec.leadingConnection()) {
        // Tolerated and recorded: some targets (tgt) repeat leading-only keys on later connections.
        List<KeyValue> kept = new ArrayList<>();
        for (KeyValue kv : keys) {
          boolean lo = org.iscsilab.protocol.negotiation.IscsiKeys.lookup(kv.key())
              .map(d -> d.use() == org.iscsilab.protocol.negotiation.KeyUse.LO).orElse(false);
          if (lo) {
            violations.add("the target sent the leading-only key " + kv + " on a non-leading connection (CID "
                + spec.cid() + ", RFC 7143 §13.2, §6.2)");
          } else {
            kept.add(kv);
          }
        }
        keys = kept;
      }
      out = new ArrayList<>();
      try {
        var step = neg.receive(keys);
        out.addAll(step.responses());
        if (stage == Stage.SECURITY_NEGOTIATION && chap != null) {
          if (chap.state() == ChapState.START) {
            if ("CHAP".equals(neg.current(IscsiKeys.AUTH_METHOD))) {
              out.addAll(chap.start());
            } else if (!neg.pendingOffers().containsKey(IscsiKeys.AUTH_METHOD)) {
              LOG.info("{} chose AuthMethod={}; logging in without CHAP", conn.portal(),
                  neg.current(IscsiKeys.AUTH_METHOD));
              chap = null;
            }
          } else if (!step.authentication().isEmpty()) {
            out.addAll(chap.receive(step.authentication()));
          }
        }
      } catch (NegotiationException e) {
        conn.close();
        throw new LoginFailedException("login abandoned: the target broke the negotiation rules: " + e.getMessage(),
            null);
      }
      if (resp.transit()) {
        Stage ns = switch (resp.nextStage().code()) {
          case 1 -> Stage.OPERATIONAL_NEGOTIATION;
          case 3 -> Stage.FULL_FEATURE_PHASE;
          default -> null;
        };
        if (ns == null || ns.code() <= stage.code() && ns != stage) {
          conn.close();
          throw new LoginFailedException("login abandoned: the target set T with NSG " + resp.nextStage()
              + " from " + stage + " (RFC 7143 §11.13.6)", null);
        }
        if (stage == Stage.SECURITY_NEGOTIATION && chap != null && chap.state() != ChapState.SUCCEEDED) {
          conn.close();
          throw new LoginFailedException("login abandoned: the target left the security stage before CHAP finished ("
              + chap.state() + ")", null);
        }
        if (ns != stage) {
          stage = ns;
          neg.enterStage(ns);
          if (ns == Stage.FULL_FEATURE_PHASE) {
            break;
          }
          out.addAll(neg.offers());
        }
      }
    }
    NegotiationResult result;
    try {
      result = neg.result();
    } catch (NegotiationException e) {
      conn.close();
      throw new LoginFailedException("login abandoned: the negotiated outcome is illegal: " + e.getMessage(), null);
    }
    return new LoginOutcome(result, spec.isid(), last.tsih(), spec.cid(), last.statSN(), last.expCmdSN(),
        last.maxCmdSN(), spec.cmdSN(), targetKeys, violations);
  }

  private static LoginRequest request(LoginSpec spec, Stage csg, Stage nsg, boolean transit, boolean cont,
      int expStatSN, byte[] text) {
    return LoginRequest.builder()
        .currentStage(new org.iscsilab.protocol.pdu.Stage(csg.code()))
        .nextStage(new org.iscsilab.protocol.pdu.Stage(transit ? nsg.code() : 0))
        .transit(transit)
        .continueFlag(cont)
        .isid(spec.isid())
        .tsih(spec.tsih())
        .initiatorTaskTag(spec.initiatorTaskTag())
        .cid(spec.cid())
        .cmdSN(spec.cmdSN())
        .expStatSN(expStatSN)
        .data(DataSegment.wrap(text))
        .build();
  }

  private static LoginResponse receiveLoginResponse(IscsiConnection conn, LoginSpec spec, String target) {
    Pdu p = conn.receive(spec.timeout(), "Login Request for " + target, Awaited.LOGIN_RESPONSE);
    if (p instanceof LoginResponse r) {
      if (r.initiatorTaskTag() != spec.initiatorTaskTag()) {
        conn.close();
        throw new LoginFailedException(String.format("login abandoned: Login Response ITT 0x%08x does not match "
            + "the request's 0x%08x (RFC 7143 §11.13)", r.initiatorTaskTag(), spec.initiatorTaskTag()), null);
      }
      return r;
    }
    conn.close();
    if (p instanceof Reject r) {
      throw new LoginFailedException("login abandoned: the target answered the Login Request with a Reject ("
          + r.reason() + ") (RFC 7143 §6.2)", null);
    }
    throw new LoginFailedException("login abandoned: the target sent " + PduSummary.of(p)
        + " during login (RFC 7143 §6.3)", null);
  }

  /**
   * Watches Login Responses on the event loop and switches the framing when the final one arrives.
   * It reads the keys itself (through the shared text codec) because the driver thread may not have
   * processed the response yet when the next PDU is decoded.
   */
  static final class FramingSwitch {
    private final IscsiConnection conn;
    private final int ourMaxRecv;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();

    FramingSwitch(IscsiConnection conn, int ourMaxRecv) {
      this.conn = conn;
      this.ourMaxRecv = ourMaxRecv;
    }

    void onLoginResponse(LoginResponse r) {
      byte[] d = r.data().toByteArray();
      text.write(d, 0, d.length);
      if (!(r.status().isSuccess() && r.transit() && r.nextStage().code() == 3)) {
        return;
      }
      String hd = "None";
      String dd = "None";
      int targetMaxRecv = 8192;
      try {
        for (KeyValue kv : TextCodec.decode(text.toByteArray())) {
          switch (kv.key()) {
            case IscsiKeys.HEADER_DIGEST -> hd = kv.value();
            case IscsiKeys.DATA_DIGEST -> dd = kv.value();
            case IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH ->
                targetMaxRecv = (int) TextValues.parseNumber(kv.value()).orElse(8192);
            default -> {
            }
          }
        }
      } catch (TextFormatException e) {
        return; // the driver reports it
      }
      boolean h = "CRC32C".equals(hd);
      boolean dg = "CRC32C".equals(dd);
      int in = Math.max(512, Math.min(ourMaxRecv, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD));
      int outMax = Math.max(512, Math.min(targetMaxRecv, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD));
      // RFC 7143 §13.1: digests start with the first PDU after the final Login Response.
      conn.framing(new FramingLimits(h, dg, in), new FramingLimits(h, dg, outMax));
    }
  }
}
