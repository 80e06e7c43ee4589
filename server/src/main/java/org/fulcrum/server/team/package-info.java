/**
 * The admin's team page: staff, invitations, roles with the two-admin approval, recovery of
 * locked-out staff, sessions, API tokens, trusted flaggers and relay keys, all through the same
 * services as the admin API.
 */
package org.fulcrum.server.team;
