package org.iscsilab.pcap.io;

import java.nio.ByteBuffer;

/**
 * One captured packet.
 *
 * <p><b>Flyweight.</b> The instance returned by {@link CaptureReader#next()} is reused for every
 * packet and its {@link #data()} is a view into the memory-mapped capture: both are valid only
 * until the next call to {@code next()}. Call {@link #copy()} to keep a packet; a copy is
 * immutable and owns its bytes.
 */
public final class CapturedPacket {
    long frameNumber;
    long timestampNanos;
    int interfaceId;
    LinkType linkType;
    int originalLength;
    ByteBuffer data;
    private final boolean detached;

    CapturedPacket() {
        this.detached = false;
    }

    /**
     * Creates a detached packet that owns a copy of {@code bytes} (from its position to limit).
     */
    public CapturedPacket(long frameNumber, long timestampNanos, int interfaceId, LinkType linkType,
            int originalLength, ByteBuffer bytes) {
        this.frameNumber = frameNumber;
        this.timestampNanos = timestampNanos;
        this.interfaceId = interfaceId;
        this.linkType = linkType;
        this.originalLength = originalLength;
        ByteBuffer own = ByteBuffer.allocate(bytes.remaining());
        own.put(bytes.duplicate()).flip();
        this.data = own.asReadOnlyBuffer();
        this.detached = true;
    }

    /** 1-based frame number, as tshark numbers frames. */
    public long frameNumber() {
        return frameNumber;
    }

    /** Capture timestamp in nanoseconds since the Unix epoch (UTC). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Interface index within the section (always 0 for classic pcap). */
    public int interfaceId() {
        return interfaceId;
    }

    /** Link-layer type of the interface the packet was captured on. */
    public LinkType linkType() {
        return linkType;
    }

    /** Length of the packet on the wire (may exceed the captured length). */
    public int originalLength() {
        return originalLength;
    }

    /** Number of bytes captured. */
    public int capturedLength() {
        return data.remaining();
    }

    /**
     * The captured bytes, from {@code position()} to {@code limit()}. For the reader's flyweight
     * this is a read-only view of the mapped file whose position is generally not 0; use
     * absolute reads relative to {@code position()}.
     */
    public ByteBuffer data() {
        return data;
    }

    /** True if this packet owns its bytes (made by {@link #copy()} or the public constructor). */
    public boolean isDetached() {
        return detached;
    }

    /** An immutable copy that stays valid after the reader moves on. */
    public CapturedPacket copy() {
        return new CapturedPacket(frameNumber, timestampNanos, interfaceId, linkType, originalLength, data);
    }

    @Override
    public String toString() {
        return "CapturedPacket[frame=" + frameNumber + ", ts=" + timestampNanos + "ns, if=" + interfaceId
                + ", " + linkType + ", caplen=" + capturedLength() + ", len=" + originalLength + "]";
    }
}
