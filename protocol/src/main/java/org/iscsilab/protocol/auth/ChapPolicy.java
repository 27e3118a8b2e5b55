package org.iscsilab.protocol.auth;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one side's CHAP exchange.
 *
 * @param algorithms        algorithms in order of preference (the initiator offers them as a list;
 *                          a target picks the first offered one it has here)
 * @param challengeLength   length of challenges this side sends, in bytes
 * @param minChallengeLength shortest challenge accepted from the peer
 * @param ipsecEncrypted    whether the connection is IPsec-encrypted (relaxes the secret length)
 * @param hexEncoding       send binary values as 0x hex (true) or 0b base64 (false)
 */
public record ChapPolicy(List<ChapAlgorithm> algorithms, int challengeLength, int minChallengeLength,
                         boolean ipsecEncrypted, boolean hexEncoding) {

    /** Copies and validates. */
    public ChapPolicy {
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one CHAP algorithm is needed");
        }
        if (challengeLength < 1 || challengeLength > Chap.MAX_BINARY_LENGTH) {
            throw new IllegalArgumentException("challengeLength " + challengeLength + " is not 1..1024");
        }
        Objects.checkIndex(minChallengeLength, Chap.MAX_BINARY_LENGTH + 1);
    }

    /** As the Linux initiator offers: SHA3-256, SHA-256, SHA-1, MD5; 16-byte challenges minimum 1, hex. */
    public static ChapPolicy linuxLike() {
        return new ChapPolicy(List.of(ChapAlgorithm.SHA3_256, ChapAlgorithm.SHA256, ChapAlgorithm.SHA1,
                ChapAlgorithm.MD5), 32, 1, false, true);
    }

    /** MD5 only, 16-byte challenges, hex: the RFC's mandatory minimum. */
    public static ChapPolicy md5Only() {
        return new ChapPolicy(List.of(ChapAlgorithm.MD5), 16, 1, false, true);
    }

    String encode(byte[] b) {
        return hexEncoding ? org.iscsilab.protocol.text.TextValues.formatHex(b)
                : org.iscsilab.protocol.text.TextValues.formatBase64(b);
    }
}
