/**
 * Sign-in for staff and officers alike (Argon2id passwords, TOTP second factor, throttling instead
 * of lockout, password rules, recovery), staff accounts with two-admin role grants, console
 * sessions, machine API tokens, and the per-route access check.
 */
package org.fulcrum.server.auth;
