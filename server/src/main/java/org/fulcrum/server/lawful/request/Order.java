package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;

/**
 * What every request is as a legal act: the instrument and what it asks, the issuing state, whom it
 * addresses, when it was issued and is due, where it applies, how it is challenged, and any gag.
 *
 * @param reference the authority's reference or file number
 * @param instrument the legal instrument
 * @param kind what is asked
 * @param jurisdiction the issuing state, ISO 3166-1 alpha-2
 * @param addressedTo the legal entity the authority addressed (routed if it is not the right one)
 * @param issuedAt date and time of issue
 * @param deadlineAsked the deadline the authority asks for (generic orders)
 * @param territorialScope countries where the order applies (EU, EEA and WORLD too)
 * @param redress how the order can be challenged
 * @param language the language of the order
 * @param gag a secrecy order
 */
public record Order(
        String reference,
        Instrument instrument,
        RequestKind kind,
        String jurisdiction,
        Optional<String> addressedTo,
        Optional<Instant> issuedAt,
        Optional<Instant> deadlineAsked,
        List<String> territorialScope,
        Optional<String> redress,
        Optional<String> language,
        Optional<Submission.Gag> gag) {
    public Order {
        Check.required("reference", reference);
        Parts.text("reference", reference, 200);
        Check.required("instrument", instrument);
        Check.required("kind", kind);
        Check.required("jurisdiction", jurisdiction);
        Check.country("jurisdiction", jurisdiction);
        addressedTo = Parts.opt(addressedTo);
        addressedTo.ifPresent(a -> Check.id("addressedTo", a));
        issuedAt = Parts.opt(issuedAt);
        deadlineAsked = Parts.opt(deadlineAsked);
        territorialScope = Parts.list(territorialScope);
        for (int i = 0; i < territorialScope.size(); i++) {
            String c = territorialScope.get(i);
            if (!c.equals("EU") && !c.equals("EEA") && !c.equals("WORLD")) {
                Check.country("territorialScope[" + i + "]", c);
            }
        }
        redress = Parts.text("redress", redress, 2000);
        language = Parts.opt(language);
        language.ifPresent(l -> Check.language("language", l));
        gag = Parts.opt(gag);
    }
}
