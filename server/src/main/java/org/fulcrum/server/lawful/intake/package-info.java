/**
 * Receiving a request in any lane: checking it against its instrument before anything is stored,
 * refusing a sender outside its remit, storing, logging and deciding it in one transaction
 * ({@code LawfulIntake}), and the durable records of requests refused before they were stored
 * ({@code Rejections}).
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.intake;

import org.fulcrum.server.web.SchemaNamespace;
