/**
 * Reports from end-to-end encrypted chats: franked reports verified against the relay's registered
 * public key (no E2E secret anywhere), stored as evidence, logged, and handed to moderation.
 */
package org.fulcrum.server.e2e;
