/**
 * Key=value text of Login and Text PDUs (RFC 7143 §6.1): codec, continuation across PDUs,
 * value syntax, iSCSI names.
 */
package org.iscsilab.protocol.text;
