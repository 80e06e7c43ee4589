/**
 * What every other package may use and which uses none of them: the exception root
 * ({@link org.fulcrum.server.core.FulcrumException}, each failure carrying its problem type and
 * status), the one JSON configuration ({@link org.fulcrum.server.core.Json}, with
 * {@link org.fulcrum.server.core.SaneInstants}), field validation
 * ({@link org.fulcrum.server.core.Check}) and time-ordered identifiers
 * ({@link org.fulcrum.server.core.Ids}).
 */
package org.fulcrum.server.core;
