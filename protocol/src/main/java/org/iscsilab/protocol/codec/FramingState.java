package org.iscsilab.protocol.codec;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The per-connection framing state both codec handlers read (style.md: negotiated state lives in
 * one channel attribute). The session layer changes it when login completes; the change applies
 * to the next PDU decoded or encoded. Only touched from the channel's event loop.
 */
public final class FramingState {

  private static final AttributeKey<FramingState> KEY = AttributeKey.valueOf(FramingState.class, "framing");

  private volatile FramingLimits inbound = FramingLimits.LOGIN;
  private volatile FramingLimits outbound = FramingLimits.LOGIN;
  private volatile DataInPlacement dataInPlacement;

  /** The state of {@code channel}, created with login defaults on first use. */
  public static FramingState of(Channel channel) {
    FramingState s = channel.attr(KEY).get();
    if (s == null) {
      FramingState created = new FramingState();
      s = channel.attr(KEY).setIfAbsent(created);
      if (s == null) {
        s = created;
      }
    }
    return s;
  }

  /** What we accept: our declared MaxRecvDataSegmentLength, and digests. */
  public FramingLimits inbound() {
    return inbound;
  }

  /** What we send: the peer's declared MaxRecvDataSegmentLength, and digests. */
  public FramingLimits outbound() {
    return outbound;
  }

  /**
   * Switches to the Full Feature Phase framing (RFC 7143 §13.1, §13.12): the negotiated digests
   * both ways, {@code ourMaxRecvDataSegmentLength} for what we accept and the peer's declared one
   * for what we send. Call on the event loop right after writing (target) or reading (initiator)
   * the final Login Response, which itself travels without digests.
   */
  public void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int ourMaxRecvDataSegmentLength,
      int peerMaxRecvDataSegmentLength) {
    this.inbound = new FramingLimits(headerDigest, dataDigest, ourMaxRecvDataSegmentLength);
    this.outbound = new FramingLimits(headerDigest, dataDigest, peerMaxRecvDataSegmentLength);
  }

  public void inbound(FramingLimits limits) {
    this.inbound = limits;
  }

  public void outbound(FramingLimits limits) {
    this.outbound = limits;
  }

  /** Where the decoder copies Data-In payloads (an initiator's read buffers), or null: kept with the PDU. */
  public DataInPlacement dataInPlacement() {
    return dataInPlacement;
  }

  public void dataInPlacement(DataInPlacement placement) {
    this.dataInPlacement = placement;
  }
}
