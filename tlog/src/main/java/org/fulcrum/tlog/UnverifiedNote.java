package org.fulcrum.tlog;

/**
 * A well-formed signed note that carries no verified signature from the keys the caller requires
 * (for a checkpoint: the log's key). Its text must not be trusted.
 */
public final class UnverifiedNote extends TlogException {

  public UnverifiedNote(String message) {
    super(message);
  }
}
