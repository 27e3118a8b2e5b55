package org.iscsilab.target;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.iscsilab.target.scsi.LogicalUnit;

/** A configured target at run time: its definition and its logical units by LUN. */
final class TargetNode implements AutoCloseable {
  final TargetDefinition definition;
  final Map<Integer, LogicalUnit> luns;

  TargetNode(TargetDefinition definition, boolean reportPowerOn) {
    this.definition = definition;
    Map<Integer, LogicalUnit> m = new TreeMap<>();
    try {
      definition.luns().forEach((n, spec) -> m.put(n, new LogicalUnit(n, spec.open(), definition.name(), reportPowerOn)));
    } catch (RuntimeException e) {
      m.values().forEach(lu -> {
        try {
          lu.close();
        } catch (Exception ignored) {
          // already failing
        }
      });
      throw e;
    }
    this.luns = Collections.unmodifiableMap(m);
  }

  String name() {
    return definition.name();
  }

  boolean allows(String initiatorName) {
    return definition.allowedInitiators().isEmpty() || definition.allowedInitiators().contains(initiatorName);
  }

  @Override
  public void close() {
    for (LogicalUnit lu : luns.values()) {
      try {
        lu.close();
      } catch (Exception e) {
        // best effort at shutdown
      }
    }
  }
}
