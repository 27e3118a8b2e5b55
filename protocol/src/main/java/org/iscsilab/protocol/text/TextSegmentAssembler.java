package org.iscsilab.protocol.text;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Accumulates the data segments of a Text or Login request/response sequence while the C
 * (continue) bit is set (RFC 7143 §11.10.2, §11.12.2) and decodes the whole text once a PDU
 * arrives with C = 0. Refuses to hold more than {@link #DEFAULT_LIMIT} bytes (or the configured
 * limit): RFC 7143 §6.1 only requires receivers to accept 8192 bytes, or 64 KiB with
 * authentication methods that need long items.
 *
 * <p>Not thread-safe; one instance per connection and direction.
 */
public final class TextSegmentAssembler {

    /** 64 KiB: RFC 7143 §6.1's bound for negotiations with long authentication items. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** An assembler with the 64 KiB limit. */
    public TextSegmentAssembler() {
        this(DEFAULT_LIMIT);
    }

    /** An assembler with a custom limit in bytes. */
    public TextSegmentAssembler(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Adds one PDU's data segment.
     *
     * @param segment  the data segment (without padding the codec removed, if any)
     * @param continues the C bit of the PDU
     * @return the decoded pairs when {@code continues} is false, else empty
     * @throws TextFormatException when the total exceeds the limit or the text is malformed; the
     *                             assembler is reset either way
     */
    public Optional<List<KeyValue>> append(byte[] segment, boolean continues) throws TextFormatException {
        if ((long) buffer.size() + segment.length > limit) {
            long total = (long) buffer.size() + segment.length;
            reset();
            throw new TextFormatException("RFC 7143 §6.1", "text data of " + total
                    + " bytes across continued PDUs exceeds the limit of " + limit + " bytes");
        }
        buffer.write(segment, 0, segment.length);
        if (continues) {
            return Optional.empty();
        }
        byte[] all = buffer.toByteArray();
        reset();
        return Optional.of(TextCodec.decode(all));
    }

    /** Bytes held so far from PDUs with the C bit set. */
    public int pendingBytes() {
        return buffer.size();
    }

    /** Whether a continued sequence is in progress. */
    public boolean inProgress() {
        return buffer.size() > 0;
    }

    /** Drops anything accumulated. */
    public void reset() {
        buffer.reset();
    }
}
