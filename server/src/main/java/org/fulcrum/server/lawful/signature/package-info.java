/**
 * The signed API lane's wire protocol, with no knowledge of requests: RFC 9421 HTTP message
 * signatures (signature bases, Ed25519 signing and verifying, which components must be covered),
 * RFC 9651 structured fields (parser and writer), RFC 9530 content digests, JSON Web Keys and pasted
 * keys, the nonce store that refuses replays, and {@link org.fulcrum.server.lawful.signature.SignatureRejected},
 * the reasons a request is refused before anything of it is stored.
 */
@SchemaNamespace("lawful")
package org.fulcrum.server.lawful.signature;

import org.fulcrum.server.web.SchemaNamespace;
