/** Conformance tests of Asynchronous Messages (RFC 7143 §11.9). */
package org.iscsilab.conformance.async;
