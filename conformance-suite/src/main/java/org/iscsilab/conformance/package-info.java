/** The conformance suite that judges any iSCSI target. */
package org.iscsilab.conformance;
