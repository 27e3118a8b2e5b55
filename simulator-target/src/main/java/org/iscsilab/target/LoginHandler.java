package org.iscsilab.target;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.auth.ChapAlgorithm;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.auth.ChapState;
import org.iscsilab.protocol.auth.ChapTargetAuthenticator;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduChecks;
import org.iscsilab.protocol.codec.PduDecodeError;
import org.iscsilab.protocol.negotiation.ConnectionParameters;
import org.iscsilab.protocol.negotiation.Digest;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationException;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.Role;
import org.iscsilab.protocol.negotiation.SessionType;
import org.iscsilab.protocol.negotiation.Step;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;
import org.iscsilab.protocol.text.TextSegmentAssembler;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.scsi.LogicalUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login phase of one connection (RFC 7143 §6.3, §11.12, §11.13): stages, T/C bits, text
 * continuation, authentication, session creation or joining, then the swap to the full feature
 * handler (style.md §8). Every failure is a Login Response with the status that applies, then
 * the connection closes.
 */
final class LoginHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ChapPolicy CHAP_POLICY = new ChapPolicy(
      List.of(ChapAlgorithm.SHA3_256, ChapAlgorithm.SHA256, ChapAlgorithm.SHA1, ChapAlgorithm.MD5), 16, 1, false, true, false);

  private final TargetRuntime runtime;
  private final int portalGroupTag;
  private final Quirk quirk;
  private final TextSegmentAssembler assembler = new TextSegmentAssembler();

  private ScheduledFuture<?> timeout;
  private boolean first = true;
  private boolean done;
  private long isid;
  private int tsih;
  private int cid;
  private int cmdSN;
  private int statSN;
  private int itt = -1;
  private Stage stage;
  private Negotiator negotiator;
  private String initiatorName = "";
  private SessionType sessionType = SessionType.NORMAL;
  private TargetNode target;
  private Session existing; // the session a non-leading connection joins
  private boolean authRequired;
  private Optional<ChapCredentials> requiredChap = Optional.empty();
  private Optional<ChapCredentials> mutualChap = Optional.empty();
  private ChapTargetAuthenticator chap;
  /** The largest login data segment the initiator must accept (RFC 7143 §13.12 default). */
  static final int LOGIN_SEGMENT = 8192;
  private byte[] pendingText;
  private int pendingOffset;
  private boolean pendingTransit;
  private Stage pendingNext;
  private final java.util.Map<String, String> received = new java.util.HashMap<>();

  LoginHandler(TargetRuntime runtime, int portalGroupTag) {
    this.runtime = runtime;
    this.portalGroupTag = portalGroupTag;
    this.quirk = runtime.quirk;
  }

  private QuirkContext quirkContext() {
    return new QuirkContext(target == null ? "" : target.name(), initiatorName, cid,
        sessionType == SessionType.DISCOVERY);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    armTimeout(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      armTimeout(ctx);
    }
  }

  private void armTimeout(ChannelHandlerContext ctx) {
    if (timeout == null) {
      long ms = runtime.limits.loginTimeout().toMillis();
      timeout = ctx.executor().schedule(() -> {
        if (!done) {
          LOG.info("login from {} did not finish within {} ms; closing", ctx.channel().remoteAddress(), ms);
          ctx.close();
        }
      }, ms, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (done) {
        return; // closing after a failure: ignore anything else
      }
      if (msg instanceof PduDecodeError e) {
        fail(ctx, LoginStatus.INITIATOR_ERROR, e.error().getMessage());
        return;
      }
      if (!(msg instanceof Pdu pdu0)) {
        return;
      }
      Pdu pdu = quirk.onReceive(quirkContext(), pdu0);
      if (pdu == null) {
        return;
      }
      Optional<PduChecks.Violation> bad = PduChecks.firstError(pdu, org.iscsilab.protocol.pdu.Sender.INITIATOR,
          FramingState.of(ctx.channel()).inbound());
      if (bad.isPresent() && pdu instanceof LoginRequest) {
        // RFC 7143 §11.13.5: a malformed Login Request is an initiator error.
        itt = pdu.initiatorTaskTag();
        fail(ctx, LoginStatus.INITIATOR_ERROR, bad.get().message() + " (" + bad.get().clause() + ")");
        return;
      }
      if (!(pdu instanceof LoginRequest req)) {
        // RFC 7143 §6.1: only Login Requests until the login completes.
        if (first) {
          LOG.info("first PDU from {} is {}, not a Login Request; closing", ctx.channel().remoteAddress(), pdu.opcode());
          done = true;
          ctx.close();
        } else {
          fail(ctx, LoginStatus.INITIATOR_ERROR, pdu.opcode() + " during login");
        }
        return;
      }
      onLogin(ctx, req);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ProtocolException p) {
      LOG.info("connection {} during login: {}", ctx.channel().remoteAddress(), p.getMessage());
    } else {
      LOG.warn("connection {} during login", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private void onLogin(ChannelHandlerContext ctx, LoginRequest req) {
    itt = req.initiatorTaskTag();
    if (first) {
      isid = req.isid();
      tsih = req.tsih();
      cid = req.cid();
      cmdSN = req.cmdSN();
      statSN = req.expStatSN();
      stage = req.currentStage();
      // RFC 7143 §11.12.4: version 0 is the only one; a range that excludes it cannot be served.
      if (req.versionMin() > 0) {
        fail(ctx, LoginStatus.UNSUPPORTED_VERSION, "VersionMin " + req.versionMin() + " > 0");
        return;
      }
    } else if (req.isid() != isid || req.tsih() != tsih || req.cid() != cid) {
      fail(ctx, LoginStatus.INITIATOR_ERROR, "ISID, TSIH or CID changed during login (RFC 7143 §11.12)");
      return;
    }
    if (req.transit() && req.continueFlag()) {
      fail(ctx, LoginStatus.INITIATOR_ERROR, "T and C both set (RFC 7143 §11.12.2)");
      return;
    }
    if (req.currentStage().isReserved() || req.currentStage().equals(Stage.FULL_FEATURE_PHASE)
        || !req.currentStage().equals(stage)) {
      fail(ctx, LoginStatus.INITIATOR_ERROR, "CSG " + req.currentStage() + " where " + stage + " was current");
      return;
    }
    if (req.transit() && (req.nextStage().isReserved() || req.nextStage().code() <= req.currentStage().code())) {
      fail(ctx, LoginStatus.INITIATOR_ERROR, "NSG " + req.nextStage() + " does not follow CSG " + req.currentStage());
      return;
    }
    if (pendingText != null) {
      if (!req.data().isEmpty() || req.continueFlag()) {
        fail(ctx, LoginStatus.INITIATOR_ERROR, "keys sent while the target's response was still continuing"
            + " (RFC 7143 §11.13.3)");
        return;
      }
      sendNextPiece(ctx, req);
      return;
    }
    List<KeyValue> keys;
    try {
      Optional<List<KeyValue>> all = assembler.append(req.data().toByteArray(), req.continueFlag());
      if (all.isEmpty()) {
        // RFC 7143 §11.12.2: acknowledge a partial text with an empty response.
        send(ctx, response(req, false, req.currentStage(), LoginStatus.SUCCESS, List.of()));
        return;
      }
      keys = all.get();
    } catch (TextFormatException e) {
      fail(ctx, LoginStatus.INITIATOR_ERROR, e.getMessage());
      return;
    }
    keys = dropRepeats(keys);
    boolean wasFirst = first;
    first = false;
    try {
      if (wasFirst) {
        startNegotiation(req, keys);
        LoginStatus refused = quirk.admitLogin(quirkContext(), keys);
        if (refused != null) {
          fail(ctx, refused, "refused by quirk " + quirk.name());
          return;
        }
      }
      Step step = negotiator.receive(keys);
      if (wasFirst) {
        admit(step);
      }
      List<KeyValue> answer = new ArrayList<>(step.responses());
      if (stage.equals(Stage.SECURITY_NEGOTIATION)) {
        answer.addAll(authenticate(step));
      } else if (authRequired && (chap == null || chap.state() != ChapState.SUCCEEDED)) {
        throw new NegotiationException(NegotiationException.AUTHENTICATION_FAILURE, "RFC 7143 §6.3.1",
            IscsiKeys.AUTH_METHOD, "authentication is required but the login skipped the security stage");
      }
      answer.addAll(negotiator.offers());
      boolean transit = false;
      Stage next = req.currentStage();
      if (req.transit()) {
        boolean authDone = !authRequired || (chap != null && chap.state() == ChapState.SUCCEEDED);
        if (stage.equals(Stage.SECURITY_NEGOTIATION) && !authDone) {
          boolean chapAgreed = "CHAP".equals(negotiator.current(IscsiKeys.AUTH_METHOD));
          if (!chapAgreed || (chap != null && chap.state() == ChapState.FAILED)) {
            throw new NegotiationException(NegotiationException.AUTHENTICATION_FAILURE, "RFC 7143 §12.1",
                IscsiKeys.AUTH_METHOD, "authentication is required and was not performed");
          }
        } else {
          transit = true;
          next = req.nextStage();
        }
      }
      answer = quirk.onLoginAnswer(quirkContext(), stage.code(), answer);
      if (transit && next.equals(Stage.FULL_FEATURE_PHASE)) {
        negotiator.enterStage(org.iscsilab.protocol.negotiation.Stage.FULL_FEATURE_PHASE);
        complete(ctx, req, answer);
        return;
      }
      byte[] textBytes = answer.isEmpty() ? new byte[0] : TextCodec.encode(answer);
      if (textBytes.length > LOGIN_SEGMENT) {
        // RFC 7143 §11.13.3: a response longer than one PDU goes out in pieces with C=1, each
        // acknowledged by an empty Login Request; T and NSG ride on the last piece.
        pendingText = textBytes;
        pendingOffset = 0;
        pendingTransit = transit;
        pendingNext = next;
        sendNextPiece(ctx, req);
        return;
      }
      send(ctx, response(req, transit, next, LoginStatus.SUCCESS, answer));
      if (transit) {
        enterOperational(next);
      }
    } catch (NegotiationException e) {
      fail(ctx, new LoginStatus(e.statusClass(), e.statusDetail()), e.getMessage());
    }
  }

  /**
   * Keys the initiator already sent with the same value in this login. RFC 7143 §6.2 calls a
   * re-declaration an initiator error, and by default the negotiation engine refuses it; with the
   * tolerate-repeated-keys quirk (libiscsi re-sends InitiatorName, TargetName and SessionType in
   * every security-stage PDU, C10) an identical repeat is dropped here instead.
   */
  private List<KeyValue> dropRepeats(List<KeyValue> keys) {
    List<KeyValue> out = new ArrayList<>(keys.size());
    for (KeyValue kv : keys) {
      String before = received.putIfAbsent(kv.key(), kv.value());
      if (before != null && before.equals(kv.value()) && !kv.key().startsWith("CHAP_")
          && quirk.tolerateRepeatedKeys(quirkContext())) {
        LOG.debug("ignoring the identical repeat {} from {}", kv, initiatorName);
        continue;
      }
      out.add(kv);
    }
    return out;
  }

  private void enterOperational(Stage next) {
    stage = next;
    negotiator.enterStage(org.iscsilab.protocol.negotiation.Stage.OPERATIONAL_NEGOTIATION);
  }

  private void sendNextPiece(ChannelHandlerContext ctx, LoginRequest req) {
    int n = Math.min(LOGIN_SEGMENT, pendingText.length - pendingOffset);
    boolean last = pendingOffset + n == pendingText.length;
    DataSegment piece = DataSegment.of(pendingText, pendingOffset, n);
    pendingOffset += n;
    LoginResponse r = response(req, last && pendingTransit, last ? pendingNext : req.currentStage(),
        LoginStatus.SUCCESS, List.of());
    r = new LoginResponse(r.transit(), !last, r.currentStage(), r.nextStage(), r.versionMax(), r.versionActive(),
        r.isid(), r.tsih(), r.initiatorTaskTag(), r.statSN(), r.expCmdSN(), r.maxCmdSN(), r.status(), piece);
    send(ctx, r);
    if (last) {
      pendingText = null;
      if (pendingTransit) {
        enterOperational(pendingNext);
      }
    }
  }

  private void startNegotiation(LoginRequest req, List<KeyValue> keys) throws NegotiationException {
    NegotiationProfile profile = runtime.profile(portalGroupTag);
    // Authentication needs: the SessionType and TargetName decide which secret applies.
    String type = keys.stream().filter(k -> k.key().equals(IscsiKeys.SESSION_TYPE)).map(KeyValue::value)
        .findFirst().orElse(SessionType.NORMAL.wire());
    String tname = keys.stream().filter(k -> k.key().equals(IscsiKeys.TARGET_NAME)).map(KeyValue::value)
        .findFirst().orElse("");
    if (type.equals(SessionType.DISCOVERY.wire())) {
      requiredChap = runtime.discoveryChap;
      mutualChap = runtime.discoveryMutualChap;
    } else {
      TargetNode t = runtime.targets.get(tname);
      if (t != null) {
        requiredChap = t.definition.chap();
        mutualChap = t.definition.mutualChap();
        if (!t.definition.alias().isEmpty()) {
          profile = profile.with(IscsiKeys.TARGET_ALIAS, t.definition.alias());
        }
      }
    }
    authRequired = requiredChap.isPresent();
    profile = profile.with(IscsiKeys.AUTH_METHOD, authRequired ? "CHAP" : "None");
    sessionType = type.equals(SessionType.DISCOVERY.wire()) ? SessionType.DISCOVERY : SessionType.NORMAL;
    profile = quirk.negotiationProfile(quirkContext(), profile);
    org.iscsilab.protocol.negotiation.Stage s = req.currentStage().code() == 0
        ? org.iscsilab.protocol.negotiation.Stage.SECURITY_NEGOTIATION
        : org.iscsilab.protocol.negotiation.Stage.OPERATIONAL_NEGOTIATION;
    negotiator = new Negotiator(Role.TARGET, profile, SessionType.NORMAL, s, req.tsih() == 0);
  }

  /** After the first batch: who is logging in to what, and may they (RFC 7143 §11.13.5). */
  private void admit(Step step) throws NegotiationException {
    String tname = "";
    for (KeyValue kv : step.declarations()) {
      switch (kv.key()) {
        case IscsiKeys.INITIATOR_NAME -> initiatorName = kv.value();
        case IscsiKeys.TARGET_NAME -> tname = kv.value();
        case IscsiKeys.SESSION_TYPE -> sessionType = SessionType.fromWire(kv.value()).orElse(SessionType.NORMAL);
        default -> { }
      }
    }
    if (sessionType == SessionType.NORMAL) {
      target = runtime.targets.get(tname);
      if (target == null) {
        throw new NegotiationException(0x0203, "RFC 7143 §11.13.5", IscsiKeys.TARGET_NAME,
            "no target named \"" + tname + "\"");
      }
      if (target.definition.portalGroupTag() != portalGroupTag) {
        throw new NegotiationException(0x0203, "RFC 7143 §11.13.5", IscsiKeys.TARGET_NAME,
            "target \"" + tname + "\" is not reachable through portal group " + portalGroupTag);
      }
      if (!target.allows(initiatorName)) {
        throw new NegotiationException(NegotiationException.AUTHORIZATION_FAILURE, "RFC 7143 §11.13.5",
            IscsiKeys.INITIATOR_NAME, "initiator \"" + initiatorName + "\" may not use " + tname);
      }
    }
    if (tsih != 0) {
      Session s = runtime.sessions.byTsih(tsih).orElse(null);
      String t = target == null ? "" : target.name();
      if (s == null || s.isid != isid || !s.initiatorName.equals(initiatorName)
          || !(s.target == null ? "" : s.target.name()).equals(t)) {
        throw new NegotiationException(0x020a, "RFC 7143 §11.13.5", null, "no session with TSIH " + tsih
            + " for this initiator port");
      }
      if (!s.connections.containsKey(cid) && s.connections.size() >= s.params.maxConnections()) {
        throw new NegotiationException(0x0206, "RFC 7143 §11.13.5", IscsiKeys.MAX_CONNECTIONS, "session TSIH "
            + tsih + " already has MaxConnections=" + s.params.maxConnections() + " connections");
      }
      existing = s;
    } else if (runtime.sessions.size() >= runtime.limits.maxSessions()) {
      throw new NegotiationException(0x0302, "RFC 7143 §11.13.5", null, "out of sessions ("
          + runtime.limits.maxSessions() + ")");
    }
  }

  private List<KeyValue> authenticate(Step step) throws NegotiationException {
    String method = negotiator.current(IscsiKeys.AUTH_METHOD);
    boolean offeredAuth = step.responses().stream().anyMatch(k -> k.key().equals(IscsiKeys.AUTH_METHOD));
    if (authRequired && offeredAuth && !"CHAP".equals(method)) {
      throw new NegotiationException(NegotiationException.AUTHENTICATION_FAILURE, "RFC 7143 §12.1",
          IscsiKeys.AUTH_METHOD, "this target requires CHAP; the initiator offered none it shares");
    }
    if (!step.authentication().isEmpty()) {
      if (!"CHAP".equals(method)) {
        throw new NegotiationException(NegotiationException.INITIATOR_ERROR, "RFC 7143 §12.1",
            step.authentication().get(0).key(), "CHAP keys without AuthMethod=CHAP");
      }
      if (chap == null) {
        ChapCredentials need = requiredChap.orElseThrow();
        chap = new ChapTargetAuthenticator(quirk.chapPolicy(quirkContext(), CHAP_POLICY),
            name -> name.equals(need.name()) ? Optional.of(need) : Optional.empty(), mutualChap, RANDOM);
      }
      try {
        return chap.receive(step.authentication());
      } catch (NegotiationException e) {
        LOG.info("CHAP from {} failed: {}", initiatorName, e.getMessage());
        throw new NegotiationException(NegotiationException.AUTHENTICATION_FAILURE, e.clause(), e.key(),
            e.getMessage());
      }
    }
    return List.of();
  }

  private void complete(ChannelHandlerContext ctx, LoginRequest req, List<KeyValue> answer)
      throws NegotiationException {
    NegotiationResult result = negotiator.result();
    ConnectionParameters conn = result.connection();
    Session session;
    if (existing != null) {
      session = existing;
      if (session.isClosed()) {
        throw new NegotiationException(0x020a, "RFC 7143 §11.13.5", null, "session TSIH " + tsih + " ended");
      }
      FullFeatureHandler old = session.connections.get(cid);
      if (old != null) {
        LOG.info("{}: connection reinstatement of CID {}", session, cid); // RFC 7143 §6.3.4
        old.closeForReinstatement();
      }
    } else {
      int newTsih = runtime.sessions.allocateTsih();
      if (newTsih < 0) {
        throw new NegotiationException(0x0302, "RFC 7143 §11.13.5", null, "no free TSIH");
      }
      Session old = runtime.sessions.find(initiatorName, isid, target == null ? "" : target.name()).orElse(null);
      if (old != null && sessionType == SessionType.NORMAL) {
        LOG.info("{}: session reinstatement by a new login with the same ISID", old); // RFC 7143 §6.3.5
        runtime.closeSession(old);
      }
      session = new Session(newTsih, isid, initiatorName, target, sessionType, result.session(), runtime.limits,
          quirk, cmdSN, portalGroupTag);
      runtime.sessions.add(session);
      if (target != null) {
        for (LogicalUnit lu : target.luns.values()) {
          lu.attach(session.nexus);
        }
      }
      tsih = newTsih;
    }
    done = true;
    LoginResponse last = LoginResponse.builder().transit(true).continueFlag(false).currentStage(req.currentStage())
        .nextStage(Stage.FULL_FEATURE_PHASE).versionMax(0).versionActive(0).isid(isid).tsih(session.tsih)
        .initiatorTaskTag(req.initiatorTaskTag()).statSN(statSN++).expCmdSN(session.expCmdSN())
        .maxCmdSN(session.maxCmdSN()).status(LoginStatus.SUCCESS).data(text(answer)).build();
    boolean hd = conn.headerDigest() == Digest.CRC32C;
    boolean dd = conn.dataDigest() == Digest.CRC32C;
    if (hd) {
      runtime.headerDigestLogins.incrementAndGet();
    }
    if (dd) {
      runtime.dataDigestLogins.incrementAndGet();
    }
    LOG.info("{}: CID {} logged in from {} (HeaderDigest={}, DataDigest={})", session, cid,
        ctx.channel().remoteAddress(), conn.headerDigest(), conn.dataDigest());
    // The connection joins the session and the full feature handler is in place before the
    // initiator can see the final response, so that anything it sends next finds them.
    FullFeatureHandler ffp = new FullFeatureHandler(runtime, session, cid, statSN, negotiator,
        conn.initiatorMaxRecvDataSegmentLength());
    session.connections.put(cid, ffp);
    Channel channel = ctx.channel();
    ctx.pipeline().replace(this, "full-feature", ffp);
    // RFC 7143 §13.1: digests and the new segment limits start with the next PDU either way: the
    // next one decoded, and the one after this response (encoded now, on this event loop).
    FramingState framing = FramingState.of(channel);
    framing.inbound(new FramingLimits(hd, dd, conn.targetMaxRecvDataSegmentLength()));
    Pdu out = quirk.onSend(quirkContext(), last);
    if (out != null) {
      channel.writeAndFlush(out);
    }
    framing.outbound(new FramingLimits(hd, dd, Math.max(512, conn.initiatorMaxRecvDataSegmentLength())));
    LOG.debug("{}: CID {} in full feature phase ({} {})", session, cid, result.session(), conn);
  }

  private LoginResponse response(LoginRequest req, boolean transit, Stage next, LoginStatus status,
      List<KeyValue> keys) {
    int exp = existing != null ? existing.expCmdSN() : cmdSN;
    int max = existing != null ? existing.maxCmdSN() : cmdSN + runtime.limits.queueDepth() - 1;
    return LoginResponse.builder().transit(transit).continueFlag(false).currentStage(req.currentStage())
        .nextStage(transit ? next : req.currentStage()).versionMax(0).versionActive(0).isid(isid)
        .tsih(existing != null ? tsih : 0).initiatorTaskTag(req.initiatorTaskTag()).statSN(statSN++).expCmdSN(exp)
        .maxCmdSN(max).status(status).data(text(keys)).build();
  }

  private static DataSegment text(List<KeyValue> keys) {
    return keys.isEmpty() ? DataSegment.EMPTY : DataSegment.wrap(TextCodec.encode(keys));
  }

  private void send(ChannelHandlerContext ctx, LoginResponse r) {
    Pdu out = quirk.onSend(quirkContext(), r);
    if (out != null) {
      ctx.writeAndFlush(out);
    }
  }

  private void fail(ChannelHandlerContext ctx, LoginStatus status, String why) {
    LOG.info("login from {} ({}) refused: {} — {}", ctx.channel().remoteAddress(), initiatorName, status, why);
    done = true;
    LoginResponse r = LoginResponse.builder().transit(false).currentStage(stage == null ? Stage.SECURITY_NEGOTIATION
            : stage).nextStage(stage == null ? Stage.SECURITY_NEGOTIATION : stage).isid(isid).tsih(0)
        .initiatorTaskTag(itt).statSN(statSN++).expCmdSN(cmdSN).maxCmdSN(cmdSN).status(status).build();
    Pdu out = quirk.onSend(quirkContext(), r);
    if (out != null) {
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }
}
