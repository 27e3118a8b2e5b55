package org.iscsilab.protocol.codec;

/**
 * What one direction of a connection has negotiated for framing: whether header and data digests
 * are on, and the largest data segment the receiver declared (MaxRecvDataSegmentLength, RFC 7143
 * §13.12). Digests are off until the login completes (§13.1).
 */
public record FramingLimits(boolean headerDigest, boolean dataDigest, int maxDataSegmentLength) {

  /**
   * During login: no digests, and a login/text data segment of at most 8192 bytes, the default
   * MaxRecvDataSegmentLength (RFC 7143 §13.12).
   */
  public static final FramingLimits LOGIN = new FramingLimits(false, false, 8192);

  /** The largest DataSegmentLength the 24-bit field can express. */
  public static final int MAX_DATA_SEGMENT_LENGTH_FIELD = 0xffffff;

  public FramingLimits {
    if (maxDataSegmentLength < 512 || maxDataSegmentLength > MAX_DATA_SEGMENT_LENGTH_FIELD) {
      throw new IllegalArgumentException("MaxRecvDataSegmentLength must be 512 to 16777215, not " + maxDataSegmentLength);
    }
  }

  public FramingLimits withDigests(boolean header, boolean data) {
    return new FramingLimits(header, data, maxDataSegmentLength);
  }

  public FramingLimits withMaxDataSegmentLength(int max) {
    return new FramingLimits(headerDigest, dataDigest, max);
  }
}
