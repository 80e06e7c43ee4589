/**
 * Background work: one {@link org.fulcrum.server.jobs.Scheduler} runs every periodic job of a
 * node on an injected {@link org.fulcrum.server.jobs.Time}, so tests move time by hand and see due
 * work run at once. Jobs marked singleton run on one node of a cluster at a time, the holder of
 * the job's lease in {@code job_lease}.
 */
package org.fulcrum.server.jobs;
