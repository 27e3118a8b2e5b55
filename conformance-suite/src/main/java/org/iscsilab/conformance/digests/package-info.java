/** Conformance tests of header and data digests (RFC 7143 §7.8, §13.1). */
package org.iscsilab.conformance.digests;
