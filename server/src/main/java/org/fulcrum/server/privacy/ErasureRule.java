package org.fulcrum.server.privacy;

/** What erasure does to a data subject's rows of a table, as the table registry declares it. */
public enum ErasureRule {
    /** The rows go. */
    delete,
    /** Rows that must stay for someone else lose every mention of the data subject. */
    anonymise,
    /** An obligation keeps the rows (the authority's documents); their retention class deletes them. */
    keep,
    /** The append-only public log: the entry stays, the secret that links it to the data subject goes. */
    log,
    /** The table holds nothing of the data subjects whose erasure Fulcrum handles. */
    none
}
