/**
 * Lawful requests: the capability's entry ({@link org.fulcrum.server.lawful.Lawful}), built once by
 * the composition root from its layers, bottom to top: {@code signature} (the signed lane's wire
 * protocol), {@code request} (the shared model), {@code disclosure} (sealed packages, signed answers,
 * user notices), {@code registry} (agencies, officers, keys, reputation), {@code decision} (policy
 * decisions, process gate, execution, four-eyes disclosures), {@code intake} (the three lanes and
 * rejection records), {@code review} (legal review and queries), and {@code web} (routes and pages)
 * above the entry. No layer depends on one above it.
 */
package org.fulcrum.server.lawful;
