/** Conformance tests of discovery sessions and SendTargets (RFC 7143 §4.3, §13.3, Appendix C). */
package org.iscsilab.conformance.discovery;
