/**
 * Login and Text negotiation (RFC 7143 §6, §12.1, §13): the key registry, profiles, and the one
 * engine ({@link org.iscsilab.protocol.negotiation.Negotiator}) used by target, initiator and
 * capture analyser.
 */
package org.iscsilab.protocol.negotiation;
