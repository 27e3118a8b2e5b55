package org.iscsilab.target.quirk;

/**
 * Where a quirk hook is called: which target, initiator and connection.
 *
 * @param targetName the target's name, or empty during discovery or early login
 * @param initiatorName the initiator's name, or empty before it was declared
 * @param connectionId the CID
 * @param discovery whether this is a discovery session
 */
public record QuirkContext(String targetName, String initiatorName, int connectionId, boolean discovery) {}
