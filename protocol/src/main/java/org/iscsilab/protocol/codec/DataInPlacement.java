package org.iscsilab.protocol.codec;

/**
 * Where an initiator wants the payload of a Data-In PDU (RFC 7143 §11.7) to land, asked by the
 * frame decoder on the channel's event loop while the PDU is still in the receive buffer: the
 * bytes are then copied once, straight from the frame into the task's read buffer, instead of
 * into a {@link org.iscsilab.protocol.pdu.DataSegment} first. The decoded {@code DataIn} then
 * carries a {@link org.iscsilab.protocol.pdu.DataSegment#lengthOnly length-only} segment, which is
 * how the receiver knows the bytes are already in place.
 *
 * <p>The decoder places nothing when the answer is null (and {@link #consume} declines), when
 * {@code [bufferOffset, bufferOffset + length)} does not fit the array, or when the data digest
 * does not match: those PDUs decode as usual, with their bytes, for the receiver to judge.
 */
@FunctionalInterface
public interface DataInPlacement {

  /**
   * The array whose bytes {@code [bufferOffset, bufferOffset + length)} should receive the data of
   * the Data-In for {@code initiatorTaskTag}, or null to decode the PDU with its bytes.
   */
  byte[] destination(int initiatorTaskTag, int bufferOffset, int length);

  /**
   * Asked when {@link #destination} named no array: takes the payload where it lies, in the
   * receive buffer, without any copy. {@code payload} is a read-only view valid only during the
   * call (it must not be retained, released or kept). True when consumed: the PDU then carries a
   * length-only segment as if placed.
   */
  default boolean consume(int initiatorTaskTag, int bufferOffset, io.netty.buffer.ByteBuf payload) {
    return false;
  }
}
