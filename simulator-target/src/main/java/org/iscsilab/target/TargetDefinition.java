package org.iscsilab.target;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.text.IscsiName;
import org.iscsilab.target.backend.LunSpec;

/**
 * One iSCSI target node as configured.
 *
 * @param name the iSCSI target name
 * @param alias TargetAlias, or empty
 * @param luns LUN number → storage
 * @param chap the initiator's CHAP name and secret that this target requires, if any
 * @param mutualChap this target's own CHAP name and secret for mutual CHAP, if any
 * @param allowedInitiators initiator names allowed to log in; empty: everyone
 * @param portalGroupTag the portal group this target is reachable through
 */
public record TargetDefinition(String name, String alias, Map<Integer, LunSpec> luns,
    Optional<ChapCredentials> chap, Optional<ChapCredentials> mutualChap, List<String> allowedInitiators,
    int portalGroupTag) {

  public TargetDefinition {
    Objects.requireNonNull(name, "name");
    IscsiName.problem(name).ifPresent(p -> {
      throw new IllegalArgumentException("target name '" + name + "': " + p);
    });
    luns = Map.copyOf(luns);
    allowedInitiators = List.copyOf(allowedInitiators);
    for (int lun : luns.keySet()) {
      if (lun < 0 || lun > 16383) {
        throw new IllegalArgumentException("LUN " + lun + " is outside 0..16383");
      }
    }
  }

  /** A target with LUN 0 and nothing else configured. */
  public static TargetDefinition of(String name, LunSpec lun0) {
    return new TargetDefinition(name, "", Map.of(0, lun0), Optional.empty(), Optional.empty(), List.of(), 1);
  }
}
