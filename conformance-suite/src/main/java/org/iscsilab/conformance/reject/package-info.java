/** Conformance tests of Reject and the handling of malformed PDUs (RFC 7143 §7.7, §11, §11.17). */
package org.iscsilab.conformance.reject;
