package org.iscsilab.protocol.negotiation;

/** Value syntax of a key (RFC 7143 §6.1 and the key's §13 entry). */
public enum ValueSyntax {
    /** list-of-values of text-values. */
    TEXT_LIST,
    /** a single text-value. */
    TEXT,
    /** Yes/No. */
    BOOLEAN,
    /** numerical-value within the key's range. */
    NUMBER,
    /** iSCSI name (RFC 7143 §4.2.7). */
    ISCSI_NAME,
    /** iSCSI-local-name-value: UTF-8, at most 255 bytes. */
    LOCAL_NAME,
    /** TargetAddress: domainname[:port][,portal-group-tag] (RFC 7143 §13.8). */
    ADDRESS,
    /** SendTargets: All, an iSCSI name or empty (RFC 7143 §13.3). */
    SEND_TARGETS,
    /** Anything; checked by the authentication layer. */
    OPAQUE
}
