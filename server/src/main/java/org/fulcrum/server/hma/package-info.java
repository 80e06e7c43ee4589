/**
 * The hash-matching API of Meta's Hasher-Matcher-Actioner (HMA), spoken as-is: {@code /h/hash},
 * {@code /m/lookup}, {@code /m/raw_lookup}, {@code /m/compare}, {@code /m/index/status} and the
 * {@code /c/...} curation routes, with HMA's request and response shapes, mapped onto Fulcrum's own
 * banks, index and hashing behind Fulcrum's tokens, so that clients written for HMA can point at
 * Fulcrum unchanged. HMA's banked "content" is a Fulcrum bank item; HMA's signal types {@code pdq}
 * and {@code video_md5} are Fulcrum's PDQ and MD5 hashes. {@link HmaFeature} declares the routes;
 * {@link HmaHashing}, {@link HmaMatching} and {@link HmaCuration} serve HMA's three surfaces.
 */
package org.fulcrum.server.hma;
