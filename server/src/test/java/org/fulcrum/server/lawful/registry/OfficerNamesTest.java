package org.fulcrum.server.lawful.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An officer named in request history, withdrawals and the picker: the agency once, never twice. */
class OfficerNamesTest {

    @Test
    void anOfficerIsNamedWithTheirAgency() {
        assertThat(OfficerDirectory.withAgency("Insp. Weber", "BKA")).isEqualTo("Insp. Weber (BKA)");
    }

    @Test
    void aNameThatAlreadyNamesTheAgencyIsShownOnce() {
        assertThat(OfficerDirectory.withAgency("Insp. Weber (BKA)", "BKA")).isEqualTo("Insp. Weber (BKA)");
        assertThat(OfficerDirectory.withAgency("Officer of Police nationale (PHAROS)", "Police nationale (PHAROS)"))
                .isEqualTo("Officer of Police nationale (PHAROS)");
        assertThat(OfficerDirectory.withAgency("officer of the bka", "BKA")).isEqualTo("officer of the bka");
        // the short form an agency gives in brackets names it too
        assertThat(OfficerDirectory.withAgency("Insp. Weber (BKA)", "Bundeskriminalamt (BKA)"))
                .isEqualTo("Insp. Weber (BKA)");
    }

    @Test
    void onlyWholeWordsCount() {
        assertThat(OfficerDirectory.withAgency("Insp. Bkanov", "BKA")).isEqualTo("Insp. Bkanov (BKA)");
        assertThat(OfficerDirectory.withAgency("Det. Poli", "Police")).isEqualTo("Det. Poli (Police)");
    }

    @Test
    void thePickerNamesTheAgencyOnceToo() {
        var weber = new OfficerDirectory.Choice("of_1", "k.weber", "Insp. Weber (BKA)", "ag_1", "BKA", "DE");
        var dupont = new OfficerDirectory.Choice("of_2", "c.dupont", "Cdt. Dupont", "ag_2", "PHAROS", "FR");
        assertThat(weber.label()).isEqualTo("Insp. Weber (BKA) (DE)");
        assertThat(dupont.label()).isEqualTo("Cdt. Dupont · PHAROS (FR)");
    }
}
