/** Conformance tests of task management functions (RFC 7143 §11.5, §11.6; SAM-5 §7). */
package org.iscsilab.conformance.task_management;
