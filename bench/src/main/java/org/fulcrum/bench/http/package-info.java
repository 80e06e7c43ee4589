/** What the load drivers share: a lean HTTP/1.1 client for loopback load. */
package org.fulcrum.bench.http;
