/**
 * Notices and reports: intake from every source (user reports relayed by the platform, trusted
 * flaggers, authorities, automated detection) with the DSA Art. 16 fields, the reason taxonomy
 * mapped to the DSA Transparency Database categories, idempotency keys, the trusted-flagger
 * registry (Art. 22), reporter reputation and Art. 23 measures, and the child-safety and Art. 18
 * reporting tasks that some notices create.
 */
package org.fulcrum.server.notice;
