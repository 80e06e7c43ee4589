/**
 * Staff accounts (Argon2id passwords, TOTP second factor, two-admin role grants), console sessions,
 * machine API tokens, and the per-route access check.
 */
package org.fulcrum.server.auth;
