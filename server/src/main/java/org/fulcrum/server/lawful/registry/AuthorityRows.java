package org.fulcrum.server.lawful.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.mapper.RowMapper;

/** How the registry's rows are read: the columns selected of agencies, officers and keys, and their records. */
final class AuthorityRows {
    private AuthorityRows() {}

    static final String AGENCY = """
            SELECT id, name, country, kind, jurisdictions, contact_phone, contact_email, created_at,
                   verified_by, verified_how, verified_at FROM agency""";
    static final String OFFICER = """
            SELECT id, agency_id, name, email, phone, username, created_at, verified_by, verified_how, verified_at,
                   disabled FROM officer""";
    static final String KEY = """
            SELECT key_id, officer_id, purpose, public_key, created_at, revoked_at, revoked_reason FROM officer_key""";

    static final RowMapper<Authorities.Agency> AGENCY_ROW = (rs, ctx) -> new Authorities.Agency(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("country"),
            rs.getString("kind"),
            Arrays.asList(rs.getString("jurisdictions").split(",")),
            rs.getString("contact_phone"),
            rs.getString("contact_email"),
            Columns.instant(rs, "created_at"),
            outOfBand(rs));

    static final RowMapper<Authorities.Officer> OFFICER_ROW = (rs, ctx) -> new Authorities.Officer(
            rs.getString("id"),
            rs.getString("agency_id"),
            rs.getString("name"),
            rs.getString("email"),
            rs.getString("phone"),
            rs.getString("username"),
            Columns.instant(rs, "created_at"),
            outOfBand(rs),
            rs.getInt("disabled") == 1);

    static final RowMapper<Authorities.OfficerKey> KEY_ROW = (rs, ctx) -> new Authorities.OfficerKey(
            rs.getString("key_id"),
            rs.getString("officer_id"),
            rs.getString("purpose"),
            rs.getString("public_key"),
            Columns.instant(rs, "created_at"),
            Columns.optionalInstant(rs, "revoked_at"),
            Columns.optionalString(rs, "revoked_reason"));

    /** The out-of-band verification of an agency or officer row, empty when none is recorded. */
    private static Optional<Authorities.OutOfBand> outOfBand(ResultSet rs) throws SQLException {
        String by = rs.getString("verified_by");
        if (by == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Authorities.OutOfBand(by, rs.getString("verified_how"), Columns.instant(rs, "verified_at")));
    }
}
