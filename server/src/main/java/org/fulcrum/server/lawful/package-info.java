/**
 * Lawful requests: the point of contact, the registry of agencies, officers and their keys, the
 * three intake lanes (RFC 9421 signed API, officer portal with TOTP, staff-entered manual lane),
 * instruments and their required elements, deadline clocks, policy evaluation and execution
 * through the enforcement path, legal review, four-eyes disclosures encrypted to the officer's
 * key, defences against forged requests, user notices and gags.
 */
package org.fulcrum.server.lawful;
