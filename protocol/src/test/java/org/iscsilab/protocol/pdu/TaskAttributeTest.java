package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskAttributeTest {

  @Test
  void taskAttributesFromTheAttrField() {
    assertThat(TaskAttribute.of(0x01)).isEqualTo(TaskAttribute.SIMPLE);
    assertThat(TaskAttribute.of(0x83)).isEqualTo(TaskAttribute.HEAD_OF_QUEUE); // F bit etc. masked off
    assertThat(TaskAttribute.ACA).hasToString("ACA");
    assertThat(TaskAttribute.of(6)).hasToString("Reserved(6)");
  }
}
