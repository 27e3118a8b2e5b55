package org.iscsilab.pcap.io;

import java.io.IOException;

/**
 * A capture file is damaged or not a capture at all: garbage magic, a truncated header or
 * record, an absurd record or block length. The message names the byte offset where the
 * problem was found and the frame number (1-based, like tshark) that was being read; the
 * packets returned before it remain valid, so a caller can stop gracefully with whatever was
 * understood.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long byteOffset;
    private final long frameNumber;

    /**
     * @param problem what is wrong, e.g. "truncated record header"
     * @param byteOffset offset in the file where the damaged structure starts
     * @param frameNumber the 1-based frame being read when the problem was found
     */
    public CaptureFormatException(String problem, long byteOffset, long frameNumber) {
        super(problem + " at byte offset " + byteOffset + " (frame " + frameNumber + ")");
        this.byteOffset = byteOffset;
        this.frameNumber = frameNumber;
    }

    /** Offset in the file where the damaged structure starts. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The 1-based frame number that was being read. */
    public long frameNumber() {
        return frameNumber;
    }
}
