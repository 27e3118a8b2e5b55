/** The {@code iscsi://} URL in libiscsi's form. */
package org.iscsilab.protocol.url;
