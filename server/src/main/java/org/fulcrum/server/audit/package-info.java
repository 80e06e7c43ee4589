/** The staff audit trail, written in the transaction of the change it records. */
package org.fulcrum.server.audit;
