package org.fulcrum.server.lawful.request;

/** Categories of data a request may name. Which may be disclosed is for policy to say. */
public enum DataCategory {
    name,
    email,
    phone_number,
    ip_addresses,
    address,
    payment,
    session_times,
    traffic_data,
    contacts,
    content,
    e2e_content,
    encryption_keys
}
