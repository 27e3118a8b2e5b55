/** The reference iSCSI initiator. */
package org.iscsilab.initiator;
