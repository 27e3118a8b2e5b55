/** Conformance tests of Logout (RFC 7143 §11.14, §11.15). */
package org.iscsilab.conformance.logout;
