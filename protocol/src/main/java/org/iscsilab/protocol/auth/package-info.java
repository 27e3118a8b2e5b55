/** CHAP authentication (RFC 7143 §12.1.3, RFC 1994): computations and both sides' state machines. */
package org.iscsilab.protocol.auth;
