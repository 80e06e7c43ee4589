/**
 * What leaves Fulcrum for an authority or a user: disclosed data sealed with HPKE to the officer's
 * registered key ({@code SealedPackage}), answers signed with Fulcrum's answer key
 * ({@code AnswerKey}), and the notices owed to users whose data or content a request concerned.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.disclosure;

import org.fulcrum.server.web.SchemaNamespace;
