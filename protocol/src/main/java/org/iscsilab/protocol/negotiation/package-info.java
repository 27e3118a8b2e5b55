/**
 * Login and Text negotiation (RFC 7143 §6, §12.1, §13): the key registry ({@link
 * org.iscsilab.protocol.negotiation.IscsiKeys}), profiles, and the one engine ({@link
 * org.iscsilab.protocol.negotiation.Negotiator}) used by target, initiator and capture analyser.
 *
 * <p>A target, per connection:
 * <pre>{@code
 * Negotiator n = new Negotiator(Role.TARGET, profile, SessionType.NORMAL, Stage.SECURITY_NEGOTIATION, leading);
 * // for every complete Login Request (TextSegmentAssembler, C bit), after n.enterStage(CSG):
 * Step step = n.receive(keys);                 // NegotiationException -> Login Response with e.status()
 * List<KeyValue> out = new ArrayList<>(step.responses());
 * out.addAll(chap.receive(step.authentication()));   // when AuthMethod=CHAP
 * out.addAll(n.offers());                      // TargetPortalGroupTag, MaxRecvDataSegmentLength, ...
 * // on transit to full feature phase: n.enterStage(FULL_FEATURE_PHASE); n.result()
 * }</pre>
 * An initiator does the mirror: {@code offers()} into each Login Request, {@code receive()} of each
 * response, {@link org.iscsilab.protocol.negotiation.Negotiator#unansweredOffers()} to see what is
 * still open. A capture analyser replays one side with
 * {@link org.iscsilab.protocol.negotiation.Negotiator#recordSent} and judges the other with
 * {@code receive()}.
 */
package org.iscsilab.protocol.negotiation;
