package org.iscsilab.protocol.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encoding and decoding of the key=value text of Login and Text PDUs (RFC 7143 §6.1): UTF-8
 * pairs, each terminated by one NUL byte.
 */
public final class TextCodec {

    /** RFC 7143 §6.1: "A key name ... MUST NOT exceed 63 bytes". */
    public static final int MAX_KEY_BYTES = 63;

    private TextCodec() {
    }

    /** Encodes pairs as {@code key=value\0...}. */
    public static byte[] encode(List<KeyValue> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KeyValue kv : pairs) {
            byte[] b = (kv.key() + "=" + kv.value()).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * Decodes complete text data (the reassembled data segments of one request or response).
     * Trailing NUL padding is tolerated; an unterminated last pair is an error because a pair
     * spanning PDUs must be reassembled first (see {@link TextSegmentAssembler}).
     *
     * @throws TextFormatException on a missing '=', an empty or over-long key, invalid UTF-8, or an
     *                             unterminated pair
     */
    public static List<KeyValue> decode(byte[] data) throws TextFormatException {
        List<KeyValue> out = new ArrayList<>();
        int len = data.length;
        // RFC 7143 §6.1 allows the data segment to be padded; zeros after the last pair are padding.
        while (len > 0 && data[len - 1] == 0 && (len == 1 || data[len - 2] == 0)) {
            len--;
        }
        int start = 0;
        while (start < len) {
            int nul = start;
            while (nul < len && data[nul] != 0) {
                nul++;
            }
            if (nul == len) {
                throw new TextFormatException("RFC 7143 §6.1",
                        "the last key=value pair is not terminated by a NUL byte");
            }
            if (nul == start) {
                throw new TextFormatException("RFC 7143 §6.1", "empty key=value pair (two NUL bytes) at offset "
                        + start);
            }
            String pair = utf8(data, start, nul);
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new TextFormatException("RFC 7143 §6.1", "\"" + pair + "\" has no '='");
            }
            String key = pair.substring(0, eq);
            if (key.isEmpty()) {
                throw new TextFormatException("RFC 7143 §6.1", "empty key in \"" + pair + "\"");
            }
            int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
            if (keyBytes > MAX_KEY_BYTES) {
                throw new TextFormatException("RFC 7143 §6.1", "key of " + keyBytes + " bytes exceeds "
                        + MAX_KEY_BYTES);
            }
            out.add(new KeyValue(key, pair.substring(eq + 1)));
            start = nul + 1;
        }
        return List.copyOf(out);
    }

    /**
     * Splits encoded text into data segments of at most {@code maxSegmentLength} bytes (the
     * peer's MaxRecvDataSegmentLength); every segment but the last is sent with the C bit set
     * (RFC 7143 §11.10.2, §11.12.2). A pair may be split anywhere.
     */
    public static List<byte[]> split(byte[] text, int maxSegmentLength) {
        if (maxSegmentLength <= 0) {
            throw new IllegalArgumentException("maxSegmentLength must be positive: " + maxSegmentLength);
        }
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < text.length; off += maxSegmentLength) {
            out.add(Arrays.copyOfRange(text, off, Math.min(text.length, off + maxSegmentLength)));
        }
        if (out.isEmpty()) {
            out.add(new byte[0]);
        }
        return List.copyOf(out);
    }

    private static String utf8(byte[] data, int from, int to) throws TextFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new TextFormatException("RFC 7143 §6.1", "key=value pair at offset " + from
                    + " is not valid UTF-8");
        }
    }
}
