/**
 * The web shell: the Javalin server, strict JSON binding, RFC 9457 problem answers, rate limits,
 * metrics, the OpenAPI document and the shared page layout.
 */
package org.fulcrum.server.web;
