package org.iscsilab.protocol.negotiation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of RFC 7143 §12/§13 (or RFC 7144, or an extension): how it is negotiated, where and by
 * whom it may be sent, its range and default.
 *
 * @param name                  key name, case-sensitive
 * @param type                  result function
 * @param use                   where the key may appear
 * @param senders               who may send it
 * @param sessionWide           SW scope (true) or CO, connection only (false)
 * @param syntax                value syntax
 * @param min                   lowest legal number (NUMBER syntax)
 * @param max                   highest legal number (NUMBER syntax)
 * @param values                legal values of a list or text key; empty = any text-value
 * @param defaultValue          the RFC default, if any
 * @param irrelevantInDiscovery "Irrelevant when: SessionType=Discovery"
 * @param repeatable            may legitimately appear several times (TargetAddress, TargetName in
 *                              SendTargets responses)
 * @param clause                the RFC clause defining the key
 */
public record KeyDefinition(String name, KeyType type, KeyUse use, Senders senders, boolean sessionWide,
                            ValueSyntax syntax, long min, long max, List<String> values,
                            Optional<String> defaultValue, boolean irrelevantInDiscovery, boolean repeatable,
                            String clause) {

    /** Validates and copies. */
    public KeyDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(senders, "senders");
        Objects.requireNonNull(syntax, "syntax");
        values = List.copyOf(values);
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(clause, "clause");
    }

    /** Whether the key's outcome is computed from an offer and an answer. */
    public boolean isNegotiated() {
        return type != KeyType.DECLARATIVE && type != KeyType.AUTHENTICATION && type != KeyType.OBSOLETE;
    }
}
