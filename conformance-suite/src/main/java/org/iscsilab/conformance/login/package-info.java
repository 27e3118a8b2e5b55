/** Conformance tests of the login phase (RFC 7143 §6, §11.12, §11.13). */
package org.iscsilab.conformance.login;
