package org.iscsilab.protocol.auth;

import java.util.List;
import java.util.Objects;
import org.iscsilab.protocol.text.TextValues;

/**
 * Settings of one side's CHAP exchange.
 *
 * @param algorithms        algorithms in order of preference (the initiator offers them as a list;
 *                          a target picks the first offered one it has here)
 * @param challengeLength   length of challenges this side sends, in bytes
 * @param minChallengeLength shortest challenge accepted from the peer
 * @param ipsecEncrypted    whether the connection is IPsec-encrypted (relaxes the secret length)
 * @param hexEncoding       send binary values as 0x hex (true) or 0b base64 (false)
 * @param refuseAlgorithmList quirk seam: a target that fails any CHAP_A holding more than one value,
 *                          as old targets did (C11, open-iscsi/open-iscsi#180); false conforms
 */
public record ChapPolicy(List<ChapAlgorithm> algorithms, int challengeLength, int minChallengeLength,
                         boolean ipsecEncrypted, boolean hexEncoding, boolean refuseAlgorithmList) {

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
                ChapAlgorithm.MD5), 32, 1, false, true, false);
    }

    /** MD5 only, 16-byte challenges, hex: the RFC's mandatory minimum. */
    public static ChapPolicy md5Only() {
        return new ChapPolicy(List.of(ChapAlgorithm.MD5), 16, 1, false, true, false);
    }

    /** A copy with the C11 quirk switched on or off. */
    public ChapPolicy withRefuseAlgorithmList(boolean refuse) {
        return new ChapPolicy(algorithms, challengeLength, minChallengeLength, ipsecEncrypted, hexEncoding, refuse);
    }

    String encode(byte[] b) {
        return hexEncoding ? TextValues.formatHex(b) : TextValues.formatBase64(b);
    }
}
