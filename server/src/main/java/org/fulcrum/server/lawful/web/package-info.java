/**
 * The lawful capability's HTTP surface, on top of everything else in it: the signed API lane, the
 * officer portal, the legal console (queue, request record, manual lane), the authorities console
 * and the public point of contact, with their forms and uploads.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.web;

import org.fulcrum.server.web.SchemaNamespace;
