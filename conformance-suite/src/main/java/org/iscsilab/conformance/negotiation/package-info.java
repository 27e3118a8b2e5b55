/** Conformance tests of text-mode negotiation and the keys of RFC 7143 §6.2 and §13. */
package org.iscsilab.conformance.negotiation;
