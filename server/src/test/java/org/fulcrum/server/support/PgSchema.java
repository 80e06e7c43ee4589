package org.fulcrum.server.support;

import org.fulcrum.server.config.Config;

/**
 * Where a test's PostgreSQL data lives: the address of its database and the schema in it. Every node
 * of a test that shares the data is given the same one.
 */
public record PgSchema(String url, String name) {

    /** {@code config} storing its data here. */
    public Config on(Config config) {
        return config.withDatabase(url, "", "", name);
    }

    /** The database's name, which tells one test's data from another's. */
    public String database() {
        int query = url.indexOf('?');
        String address = query < 0 ? url : url.substring(0, query);
        return address.substring(address.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return database() + "." + name;
    }

    /** The address with the schema as every connection's search path, for a test's own queries. */
    public String urlWithSchema() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }
}
