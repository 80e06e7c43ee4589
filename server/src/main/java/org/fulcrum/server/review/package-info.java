/**
 * Review and enforcement: queues with routing rules, priorities and SLAs, cases (duplicate notices
 * fold into one per subject) and their claims, decisions citing a policy clause or a legal ground
 * with their actions through the one enforcement path, bulk decisions, strikes, statements of
 * reasons (DSA Art. 17) and their export in the DSA Transparency Database format, appeals
 * (Art. 20), SLA breach alerts, and the moderators' console pages.
 */
package org.fulcrum.server.review;
