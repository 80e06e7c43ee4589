package org.fulcrum.server.policy;

import java.util.List;

/** A legal entity or representative that answers lawful requests for some jurisdictions. */
public record LegalEntity(String id, String name, String address, String email, String phone, List<String> languages) {
    public LegalEntity {
        PolicyInvalid.require(
                id != null && id.matches("[a-z0-9][a-z0-9-]{0,63}"), "entity id '" + id + "' is not valid");
        PolicyInvalid.require(name != null && !name.isBlank(), "entity " + id + " has no name");
        PolicyInvalid.require(email != null && email.contains("@"), "entity " + id + " has no e-mail address");
        address = address == null ? "" : address;
        phone = phone == null ? "" : phone;
        languages = languages == null ? List.of("en") : List.copyOf(languages);
    }
}
