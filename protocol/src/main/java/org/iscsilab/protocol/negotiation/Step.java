package org.iscsilab.protocol.negotiation;

import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.text.KeyValue;

/**
 * What the engine made of one received batch of keys.
 *
 * @param responses      answers to send back (in the order the offers came)
 * @param authentication authentication keys (CHAP_*) for the authentication state machine
 * @param declarations   declarations the peer made (TargetName, TargetAddress, ...)
 * @param sendTargets    the value of a SendTargets request, if one came (RFC 7143 §13.3)
 */
public record Step(List<KeyValue> responses, List<KeyValue> authentication, List<KeyValue> declarations,
                   Optional<String> sendTargets) {

    /** Copies the lists. */
    public Step {
        responses = List.copyOf(responses);
        authentication = List.copyOf(authentication);
        declarations = List.copyOf(declarations);
    }
}
